# Varnish in front of the site's app servers (see README, "At the edge").
#
# The app decides what may be shared. A page it shares says so in Cache-Control (s-maxage,
# stale-while-revalidate, stale-if-error) and carries "Cache-Tag: pages"; everything else is
# private, no-store, sets a cookie or has no lifetime at all, and is never stored here. When
# content changes, the worker sends "BAN /" with "Cache-Tag: pages" (EDGE_BACKEND=varnish),
# which drops every page at once.
#
# Where the app servers are and who may send bans: servers.vcl, next to this file.
vcl 4.1;

import cookie;
import std;

probe healthz {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

include "servers.vcl";

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.Cache-Tag !~ "^[a-z0-9-]+$") {
            return (synth(400, "Name the tag to ban in a Cache-Tag header"));
        }
        # The tag as a whole word of the page's Cache-Tag list (separated by commas or spaces).
        if (!std.ban("obj.http.Cache-Tag ~ (^|[[:space:],])" + req.http.Cache-Tag +
            "($|[[:space:],])")) {
            return (synth(500, std.ban_error()));
        }
        return (synth(200, "Banned"));
    }
    if (req.restarts == 0) {
        unset req.http.X-Edge-Refresh;
        unset req.http.X-Edge-Stale;
    }
    if (req.method == "GET" || req.method == "HEAD") {
        # Only the session and pending-message cookies change what a page says; any other
        # (the consultation form's CSRF cookie) would make every later page miss the cache.
        # Requests that keep a cookie are passed to the app untouched by the built-in rules.
        cookie.parse(req.http.Cookie);
        cookie.keep_re("^((__Host-)?sessionid|messages)$");
        set req.http.Cookie = cookie.get_string();
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    if (req.http.X-Edge-Stale) {
        set req.grace = 3650d;
    } elsif (req.http.X-Edge-Refresh) {
        set req.grace = 0s;
    }
}

sub vcl_hash {
    # The app redirects plain HTTP to HTTPS: the two must never share a cached answer.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_hit {
    # A page kept past its lifetime is served stale only within its stale-while-revalidate
    # window while the app is up (the longer stale-if-error grace is for when it is down);
    # past that, look it up again with no grace, which fetches it afresh.
    if (obj.ttl < 0s && !req.http.X-Edge-Refresh && !req.http.X-Edge-Stale &&
        std.healthy(req.backend_hint) &&
        obj.ttl + std.duration(regsub(obj.http.Cache-Control,
            "^.*stale-while-revalidate=([0-9]+).*$", "\1s"), 0s) < 0s) {
        set req.http.X-Edge-Refresh = "1";
        return (restart);
    }
}

sub vcl_backend_response {
    # A failing app must not replace the copy kept for stale-if-error: give up the fetch. A
    # background refresh then leaves that copy in place; a visitor's request is restarted to be
    # served it (vcl_synth), or the app's own error page when there is no copy.
    if (beresp.status >= 500 && !bereq.uncacheable &&
        (bereq.is_bgfetch || !bereq.http.X-Edge-Stale)) {
        return (abandon);
    }
    # Nothing that sets a cookie is ever stored, nor anything the app gave no lifetime (Varnish
    # would otherwise keep it for default_ttl). The built-in rules then refuse private,
    # no-cache and no-store.
    if (beresp.http.Set-Cookie || !beresp.http.Cache-Control) {
        call vcl_beresp_hitmiss;
    }
    # Pages leave the app uncompressed: stored gzipped, they go out so to every browser (static
    # files come gzipped from WhiteNoise already).
    if (beresp.http.Content-Type ~ "^text/html") {
        set beresp.do_gzip = true;
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            "^.*stale-if-error=([0-9]+).*$", "\1s"), beresp.grace);
    }
}

sub vcl_backend_error {
    # The app could not be reached at all: the same as above.
    if (!bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Edge-Stale)) {
        return (abandon);
    }
}

sub vcl_synth {
    if (resp.status == 503 && !req.http.X-Edge-Stale &&
        (req.method == "GET" || req.method == "HEAD")) {
        set req.http.X-Edge-Stale = "1";
        return (restart);
    }
}

sub vcl_deliver {
    # Tags only serve bans; X-Cache tells people (and the tests) whether Varnish answered.
    unset resp.http.Cache-Tag;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
