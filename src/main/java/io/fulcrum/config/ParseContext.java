package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import java.util.List;
import java.util.Map;

/**
 * What every handler can reach while the tree is read: the diagnostics, and an index of where each keyword is
 * valid (to say "'x' belongs in block y" instead of just "unknown").
 */
record ParseContext(Diagnostics diagnostics, Map<String, List<String>> blocksByKeyword) {
}
