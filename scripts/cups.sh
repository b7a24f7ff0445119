#!/usr/bin/env bash
# A private CUPS scheduler for tests and development: its own config, spool, cache, logs and
# Unix socket under DIR, so the system's queues and /etc/cups are never touched.
#
#   eval "$(bash scripts/cups.sh start DIR)"   # prints export CUPS_SERVER=... KIOSK_TEST_PDF_OUT=...
#   bash scripts/cups.sh stop DIR
#
# Queues: KioskPDF (cups-pdf, output in DIR/pdf-out) and KioskRaw (raw socket to
# 127.0.0.1:${KIOSK_RAW_PORT:-9100}, standing in for a network receipt printer).
set -euo pipefail

die() { echo "cups.sh: $*" >&2; exit 1; }

usage() { die "usage: cups.sh start|stop|restart DIR"; }

[ $# -eq 2 ] || usage
CMD=$1
DIR=$(mkdir -p "$2" && cd "$2" && pwd)
SOCK="$DIR/cups.sock"
PIDFILE="$DIR/cupsd.pid"
CUPSD=${CUPSD:-/usr/sbin/cupsd}

write_config() {
  mkdir -p "$DIR"/{etc/ppd,etc/ssl,spool/tmp,spool/cups-pdf,cache,state,log,pdf-out}
  # cupsd refuses group/world-writable config and spool dirs; lp must be able to use the temp dir.
  chmod 755 "$DIR" "$DIR/etc" "$DIR/cache" "$DIR/state"
  chmod 710 "$DIR/spool"
  chmod 1770 "$DIR/spool/tmp"
  chgrp lp "$DIR/spool" "$DIR/spool/tmp" 2>/dev/null || true
  # cups-pdf writes as the job's user (root here falls back to AnonUser); keep it writable.
  chmod 1777 "$DIR/pdf-out"

  cat >"$DIR/etc/cups-files.conf" <<EOF
ServerRoot $DIR/etc
RequestRoot $DIR/spool
TempDir $DIR/spool/tmp
CacheDir $DIR/cache
StateDir $DIR/state
ErrorLog $DIR/log/error_log
AccessLog $DIR/log/access_log
PageLog $DIR/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User lp
Group lp
SystemGroup root
EOF
  # PreserveJobFiles No: the spool never keeps a patient's document after printing.
  # PreserveJobHistory Yes: job states stay queryable, which the kiosk's queue relies on.
  cat >"$DIR/etc/cupsd.conf" <<EOF
LogLevel warn
Listen $SOCK
Browsing No
WebInterface No
PreserveJobFiles No
PreserveJobHistory Yes
MaxJobs 500
# Write job and printer state at once: a killed scheduler must not forget jobs or queue states.
DirtyCleanInterval 0
JobRetryInterval 5
DefaultAuthType Basic
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
# job-name is public so the kiosk can find its own jobs after a crash; titles are opaque
# (kiosk-<uuid>), so this reveals nothing about a patient.
<Policy default>
  JobPrivateAccess default
  JobPrivateValues job-originating-host-name job-originating-user-name phone
  SubscriptionPrivateAccess default
  SubscriptionPrivateValues default
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
  # cups-pdf reads only /etc/cups/cups-pdf.conf (compiled in). launch() bind-mounts this file
  # over it inside a private mount namespace, so only our scheduler's backends see it.
  # Label 2: the CUPS job id is part of the file name, so a duplicate print shows as two files.
  cat >"$DIR/etc/cups-pdf.conf" <<EOF
Out $DIR/pdf-out
AnonDirName $DIR/pdf-out
Spool $DIR/spool/cups-pdf
Label 2
TitlePref 1
Grp lp
Log $DIR/log
LogType 1
DecodeHexStrings 1
EOF
  : >"$DIR/etc/printers.conf"
  chmod 600 "$DIR/etc/printers.conf"
}

is_running() {
  # A killed scheduler may linger as a zombie if nothing reaps it: that is not running.
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]
}

wait_ready() {
  # Bounded: the scheduler normally answers in well under a second.
  local i
  for i in $(seq 1 100); do
    if CUPS_SERVER="$SOCK" timeout 2 lpstat -r 2>/dev/null | grep -q "is running"; then
      return 0
    fi
    is_running || die "cupsd exited during start-up; see $DIR/log/error_log"
    timeout 0.1 tail -f /dev/null 2>/dev/null || true   # 0.1 s pause without sleep(1) granularity
  done
  die "cupsd did not accept requests within 10 s; see $DIR/log/error_log"
}

can_unshare() {
  timeout 5 unshare --mount --propagation private true 2>/dev/null
}

launch() {
  # -f: stay in the foreground (no daemon fork), so the pid we record is the scheduler's
  # (unshare without --fork and sh's exec keep the same pid).
  local conf="$DIR/etc/cupsd.conf" files="$DIR/etc/cups-files.conf"
  if can_unshare; then
    setsid unshare --mount --propagation private sh -c \
      'mount --bind "$1" /etc/cups/cups-pdf.conf && exec "$2" -f -c "$3" -s "$4"' \
      sh "$DIR/etc/cups-pdf.conf" "$CUPSD" "$conf" "$files" \
      >>"$DIR/log/cupsd.out" 2>&1 </dev/null &
  else
    echo "cups.sh: no mount namespaces here; cups-pdf writes to its system Out dir" >&2
    setsid "$CUPSD" -f -c "$conf" -s "$files" >>"$DIR/log/cupsd.out" 2>&1 </dev/null &
  fi
  echo $! >"$PIDFILE"
  wait_ready
}

add_queues() {
  export CUPS_SERVER="$SOCK"
  timeout 20 lpadmin -p KioskPDF -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd \
    -o printer-error-policy=retry-job 2>/dev/null || die "lpadmin KioskPDF failed"
  timeout 20 lpadmin -p KioskRaw -E -v "socket://127.0.0.1:${KIOSK_RAW_PORT:-9100}" -m raw \
    -o printer-error-policy=retry-job 2>/dev/null || die "lpadmin KioskRaw failed"
  timeout 10 lpadmin -d KioskPDF || die "lpadmin -d failed"
}

stop() {
  if is_running; then
    local pid
    pid=$(cat "$PIDFILE")
    kill "$pid" 2>/dev/null || true
    # Bounded wait for a clean exit, then force.
    local i
    for i in $(seq 1 100); do
      is_running || break
      timeout 0.1 tail -f /dev/null 2>/dev/null || true
    done
    is_running && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

case "$CMD" in
  start)
    [ -x "$CUPSD" ] || die "cupsd not found at $CUPSD (apt-get install cups)"
    [ -e /usr/lib/cups/backend/cups-pdf ] || die "cups-pdf backend missing (apt-get install printer-driver-cups-pdf)"
    stop
    # A fresh scheduler every time: no jobs or output left from an earlier run.
    rm -rf "$DIR"/{etc,spool,cache,state,log,pdf-out}
    write_config
    launch
    add_queues
    echo "export CUPS_SERVER=$SOCK"
    if can_unshare; then
      echo "export KIOSK_TEST_PDF_OUT=$DIR/pdf-out"
    else
      echo "export KIOSK_TEST_PDF_OUT=$HOME/PDF"
    fi
    echo "export KIOSK_TEST_CUPS_DIR=$DIR"
    ;;
  restart)
    # Used by fault tests after killing the scheduler: keeps config, queues and job history.
    [ -f "$DIR/etc/cupsd.conf" ] || die "no scheduler configured in $DIR"
    stop
    launch
    ;;
  stop)
    stop
    ;;
  *) usage ;;
esac
