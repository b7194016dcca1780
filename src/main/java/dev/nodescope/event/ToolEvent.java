package dev.nodescope.event;

/** An event of nodescope itself ({@code nodescope:*}). */
public sealed interface ToolEvent extends Event permits Attached, Detached, Loss, Alert {
}
