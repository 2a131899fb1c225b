package io.accrete.engine.storage;

/**
 * When an appended batch counts as durable.
 * <ul>
 *   <li>{@link #FSYNC} (default): committed and forced to the device before the transaction is
 *   acknowledged; no crash, of the process or the machine, loses an acknowledged transaction.</li>
 *   <li>{@link #NO_FSYNC}: committed to the store's file through the operating system but not
 *   forced; for bulk loads. A process crash loses nothing acknowledged; a machine or power failure
 *   may lose transactions acknowledged in the last moments before it (whatever the OS had not yet
 *   written back), never part of one.</li>
 * </ul>
 */
public enum Durability { FSYNC, NO_FSYNC }
