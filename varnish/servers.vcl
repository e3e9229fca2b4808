# Where the app servers are and who may ban pages: edit this file for your servers.
#
# gunicorn (make serve) on this machine. The health check needs a Host the app accepts (one of
# ALLOWED_HOSTS): set .host_header to the site's domain in production. Add a backend per app
# server and a vmod_directors round robin to spread the load over several.
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .host_header = "127.0.0.1";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Addresses allowed to send "BAN" requests: the machines that run the worker (make worker).
acl purgers {
    "127.0.0.1";
    "::1";
}
