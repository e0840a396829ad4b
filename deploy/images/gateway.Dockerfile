# The gateway (routing, accounts and tokens, rate limits): one image for its web process and its one-shot bootstrap (migrations, signing key, first admin);
# the command says which (deploy/compose.yaml, deploy/k8s/). It holds this package and the chassis only,
# so a change elsewhere in the suite neither rebuilds nor redeploys it. Build from the repository root:
#
#   docker build -f deploy/images/gateway.Dockerfile -t ghcr.io/diskominfo/gateway:<version> .
#
# gateway.Dockerfile.dockerignore beside this file lets nothing else into the build context.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SUITE_VAR_DIR=/var/lib/suite

RUN groupadd --system --gid 10001 suite \
    && useradd --system --uid 10001 --gid suite --home-dir /app --shell /usr/sbin/nologin suite

WORKDIR /app

# "compat" editable installs keep Alembic's migrations/ and gunicorn.conf.py beside the package, where the
# code and the commands look for them (gateway/migrations, gateway/gunicorn.conf.py).
COPY constraints.txt ./
COPY libs/chassis/ libs/chassis/
COPY gateway/ gateway/

RUN pip install --config-settings editable_mode=compat -c constraints.txt -e libs/chassis -e gateway \
    && mkdir -p /var/lib/suite \
    && chown suite:suite /var/lib/suite

# Numeric, so Kubernetes can check runAsNonRoot against the image itself.
USER 10001:10001

EXPOSE 8080

# No default business command: every process states its own, e.g.
#   gunicorn -c gateway/gunicorn.conf.py --bind 0.0.0.0:8080 "gateway:create_app()"
#   python -m gateway.cli bootstrap
CMD ["python", "-c", "print('Give the process command, e.g. gunicorn -c gateway/gunicorn.conf.py --bind 0.0.0.0:8080 gateway:create_app()')"]
