// The page's one WebSocket to nodescope: subscriptions by id, updates dispatched to their
// handlers, reconnection with the subscriptions restored. The access token travels in the
// HttpOnly cookie the server set when the page was first opened with ?token=.

export class Connection {
  constructor(onStatus) {
    this.onStatus = onStatus;           // (state, {dropped, seq}) => void
    this.handlers = new Map();          // id -> {view, params, onData, onError}
    this.nextId = 1;
    this.dropped = 0;
    this.seq = 0;
    this.open();
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    this.socket = new WebSocket(scheme + location.host + '/ws');
    this.socket.addEventListener('open', () => {
      this.onStatus('connected', this);
      for (const [id, h] of this.handlers) this.sendSubscribe(id, h);
    });
    this.socket.addEventListener('message', e => this.receive(JSON.parse(e.data)));
    this.socket.addEventListener('close', e => {
      this.onStatus(e.code === 1001 ? 'nodescope stopped' : 'disconnected, retrying…', this);
      setTimeout(() => this.open(), 2000);
    });
  }

  receive(m) {
    if (m.error !== undefined) {
      const h = this.handlers.get(m.id);
      if (h && h.onError) h.onError(m.error);
      else console.error('nodescope:', m.error);
      return;
    }
    this.seq = m.seq;
    this.dropped = m.dropped;
    this.onStatus('connected', this);
    for (const [id, data] of Object.entries(m.updates)) {
      const h = this.handlers.get(id);
      if (h) h.onData(data);
    }
  }

  /** Subscribes to a view; returns the function that unsubscribes. */
  subscribe(view, params, onData, onError) {
    const id = view + '#' + (this.nextId++);
    const h = { view, params: params || {}, onData, onError };
    this.handlers.set(id, h);
    if (this.socket.readyState === WebSocket.OPEN) this.sendSubscribe(id, h);
    return () => {
      this.handlers.delete(id);
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ unsubscribe: id }));
    };
  }

  sendSubscribe(id, h) {
    this.socket.send(JSON.stringify({ subscribe: id, view: h.view, params: h.params }));
  }
}
