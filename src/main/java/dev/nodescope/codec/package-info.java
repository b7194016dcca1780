/**
 * The binary event codec: {@link dev.nodescope.codec.EventCodec} turns batches of events into
 * bytes and back (protobuf wire format, a string table and a delta-coded envelope per batch; the
 * schema for other languages is docs/archive.proto). Archives store their blocks with it
 * (dev.nodescope.archive adds framing, checksums, compression and files); a network transport
 * can send its batches as they are. Field numbers come from the event declarations
 * ({@link dev.nodescope.event.schema.EventField}) and are never reused.
 */
package dev.nodescope.codec;
