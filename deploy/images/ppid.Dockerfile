# PPID (public information service): one image for its web process, its worker and its one-shot migration;
# the command says which (deploy/compose.yaml, deploy/k8s/). It holds this package and the chassis only,
# so a change elsewhere in the suite neither rebuilds nor redeploys it. Build from the repository root:
#
#   docker build -f deploy/images/ppid.Dockerfile -t ghcr.io/diskominfo/ppid:<version> .
#
# ppid.Dockerfile.dockerignore beside this file lets nothing else into the build context.
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
# code and the commands look for them (services/ppid/migrations, services/ppid/gunicorn.conf.py).
COPY constraints.txt ./
COPY libs/chassis/ libs/chassis/
COPY services/ppid/ services/ppid/

RUN pip install --config-settings editable_mode=compat -c constraints.txt -e libs/chassis -e services/ppid \
    && mkdir -p /var/lib/suite \
    && chown suite:suite /var/lib/suite

# Numeric, so Kubernetes can check runAsNonRoot against the image itself.
USER 10001:10001

EXPOSE 8103

# No default business command: every process states its own, e.g.
#   gunicorn -c services/ppid/gunicorn.conf.py --bind 0.0.0.0:8103 "ppid:create_app()"
#   flask --app ppid worker
#   flask --app ppid db upgrade
CMD ["python", "-c", "print('Give the process command, e.g. gunicorn -c services/ppid/gunicorn.conf.py --bind 0.0.0.0:8103 ppid:create_app()')"]
