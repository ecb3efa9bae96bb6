package io.fulcrum.ipvs.conn;

/**
 * What the proxy data plane sees of a TCP connection, given to {@link ConnectionTable#onProxyEvent} so that the
 * entry goes through the states, timeouts and active/inactive counts IPVS would show for the same exchange. Each
 * event is fed to the kernel's state tables as the packets IPVS would have seen:
 *
 * <table>
 * <caption>events and the packets they stand for</caption>
 * <tr><th>event</th><th>as packets</th><th>typical result</th></tr>
 * <tr><td>CLIENT_ACCEPTED</td><td>client SYN (input)</td><td>NONE to SYN_RECV, 60 s, active</td></tr>
 * <tr><td>SERVER_CONNECTED</td><td>server SYN+ACK (output), client ACK (input)</td>
 *     <td>SYN_RECV to ESTABLISHED, 900 s</td></tr>
 * <tr><td>DATA</td><td>a client ACK (input)</td><td>same state, timer re-armed</td></tr>
 * <tr><td>CLIENT_FIN</td><td>client FIN (input)</td>
 *     <td>ESTABLISHED to CLOSE_WAIT (60 s); FIN_WAIT to TIME_WAIT</td></tr>
 * <tr><td>SERVER_FIN</td><td>server FIN (output)</td>
 *     <td>ESTABLISHED to FIN_WAIT (120 s); CLOSE_WAIT to TIME_WAIT (120 s)</td></tr>
 * <tr><td>CLIENT_RST</td><td>client RST (input)</td><td>to CLOSE, 10 s (SYN_RECV stays, as in the kernel)</td></tr>
 * <tr><td>SERVER_RST</td><td>server RST (output): also a refused backend connect</td><td>to CLOSE, 10 s</td></tr>
 * <tr><td>CLOSED</td><td>the last ACK after a FIN exchange; otherwise an abort</td>
 *     <td>TIME_WAIT re-armed; CLOSE unchanged; any other state to CLOSE, 10 s</td></tr>
 * </table>
 *
 * The proxy accepts a client only after its handshake and connects the backend afterwards, so SYN_RECV covers
 * "client accepted, backend not yet connected", as IPVS shows SYN_RECV until the client's ACK follows the
 * server's SYN+ACK. A backend connect timeout is CLOSED (IPVS would have kept SYN_RECV until its 60 s ran out).
 */
public enum ProxyEvent {
    CLIENT_ACCEPTED, SERVER_CONNECTED, DATA, CLIENT_FIN, SERVER_FIN, CLIENT_RST, SERVER_RST, CLOSED
}
