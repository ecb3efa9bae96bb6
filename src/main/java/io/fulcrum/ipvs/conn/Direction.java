package io.fulcrum.ipvs.conn;

/**
 * Which way a TCP packet travels, choosing the kernel's state table: INPUT (client to director), OUTPUT (real
 * server to client through the director, NAT replies) and INPUT_ONLY (client to director when replies bypass the
 * director: DR, TUN, local). A connection to a DR/TUN/local destination starts "no output" and its INPUT packets
 * use the INPUT_ONLY table until an OUTPUT packet is seen, as the kernel's IP_VS_CONN_F_NOOUTPUT does.
 */
public enum Direction {
    INPUT, OUTPUT, INPUT_ONLY
}
