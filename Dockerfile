# The emulation-bloc bot in a container: python bot.py run, the database on the /data volume.
# Build: docker build -t khoithidua-bot .     Run: see compose.yaml and the README's "Deploying".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KTD_DATABASE_PATH=/data/khoithidua.sqlite3 \
    KTD_BACKUP_DIR=/data/sao-luu

WORKDIR /app
# the package first, so that changing the README alone does not reinstall the dependencies
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY bot.py ./
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin ktd \
    && mkdir -p /data/sao-luu \
    && chown -R ktd:ktd /data

USER ktd
VOLUME /data
# the webhook servers (Telegram, Zalo) when KTD_WEBHOOK_URL / KTD_ZALO_WEBHOOK_URL are set; long polling needs none
EXPOSE 8443 8444

# settings, the token (getMe), the database (quick_check, migrations) and free disk; exit 1 on any problem
HEALTHCHECK --interval=1m --timeout=20s --start-period=30s --retries=3 \
    CMD ["python", "/app/bot.py", "doctor", "--quick"]

# exec form: python is PID 1 and gets docker stop's SIGTERM itself, so unsent notices are kept for the next start
CMD ["python", "/app/bot.py", "run"]
