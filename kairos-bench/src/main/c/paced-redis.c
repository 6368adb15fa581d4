/*
 * paced-redis: open-loop Redis reads at a fixed rate of evenly spaced requests, from a small C
 * client. It is the raw-Redis row of the feature server's paced load test (server-load.sh): the
 * same read the server makes for a request, at the same offered rate, with no server in between.
 *
 * usage: paced-redis HOST PORT DB RATE SECONDS CONNS COMMAND [ARG...]
 *   e.g. paced-redis 127.0.0.1 6379 0 2000 20 5 GET somekey
 * Request i is due at start + i / RATE and goes out on connection i mod CONNS, whether or not
 * earlier answers have come (open loop, pipelined when answers are late). Its latency runs from
 * the moment it was written to the moment its whole answer was read (as h2load measures it).
 * Prints on stdout: "ACHIEVED_REQ_PER_S P50_MS P99_MS P999_MS ERRORS"; errors are error answers.
 * Exit codes: 0 done, 1 connection or I/O failure, 2 usage.
 */
#define _GNU_SOURCE
#include <netdb.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 64

typedef struct {
  int fd;
  char *buf;      /* bytes read and not yet parsed */
  size_t len, cap;
  int64_t *sent;  /* send times (ns) of the requests awaiting an answer, a FIFO */
  size_t head, tail, qcap;
} conn_t;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void die(const char *what) {
  fprintf(stderr, "paced-redis: %s: %s\n", what, strerror(errno));
  exit(1);
}

/* Length of one complete RESP reply at p (n bytes available), 0 when incomplete; *err is set for
 * an error reply. Handles simple strings, errors, integers, bulk strings and arrays of them. */
static size_t reply_len(const char *p, size_t n, int *err) {
  const char *eol = memmem(p, n, "\r\n", 2);
  if (eol == NULL) return 0;
  size_t head = (size_t)(eol - p) + 2;
  long v = strtol(p + 1, NULL, 10);
  switch (p[0]) {
    case '-': *err = 1; /* fall through */
    case '+': case ':': return head;
    case '$': {
      if (v < 0) return head;
      size_t total = head + (size_t)v + 2;
      return total <= n ? total : 0;
    }
    case '*': {
      size_t off = head;
      for (long i = 0; i < v; i++) {
        if (off >= n) return 0;
        size_t one = reply_len(p + off, n - off, err);
        if (one == 0) return 0;
        off += one;
      }
      return off;
    }
    default:
      fprintf(stderr, "paced-redis: unexpected reply byte '%c'\n", p[0]);
      exit(1);
  }
}

/* SELECT the database on a fresh connection, waiting for its +OK. */
static void select_db(int fd, const char *db) {
  char cmd[64], ok[8];
  int n = snprintf(cmd, sizeof cmd, "*2\r\n$6\r\nSELECT\r\n$%zu\r\n%s\r\n", strlen(db), db);
  if (write(fd, cmd, (size_t)n) != n) die("write");
  size_t got = 0;
  while (got < 5) {
    ssize_t r = read(fd, ok + got, 5 - got);
    if (r <= 0) die("read");
    got += (size_t)r;
  }
  if (memcmp(ok, "+OK\r\n", 5) != 0) {
    fprintf(stderr, "paced-redis: SELECT %s was refused\n", db);
    exit(1);
  }
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static double quantile_ms(const int64_t *v, size_t n, double q) {
  if (n == 0) return 0;
  size_t i = (size_t)(q * n);
  if ((double)i < q * n) i++;
  if (i < 1) i = 1;
  return v[i - 1] / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 8) {
    fprintf(stderr, "usage: paced-redis HOST PORT DB RATE SECONDS CONNS COMMAND [ARG...]\n");
    return 2;
  }
  const char *host = argv[1], *port = argv[2], *db = argv[3];
  long rate = atol(argv[4]), seconds = atol(argv[5]), nconns = atol(argv[6]);
  argv += 1, argc -= 1; /* the command starts at argv[6] */
  if (rate <= 0 || seconds <= 0 || nconns <= 0 || nconns > MAX_CONNS) {
    fprintf(stderr, "paced-redis: RATE and SECONDS must be positive, CONNS 1..%d\n", MAX_CONNS);
    return 2;
  }
  /* The request, encoded once as a RESP array of bulk strings. */
  size_t reqcap = 16, reqlen;
  for (int i = 6; i < argc; i++) reqcap += strlen(argv[i]) + 24;
  char *req = malloc(reqcap);
  reqlen = (size_t)sprintf(req, "*%d\r\n", argc - 6);
  for (int i = 6; i < argc; i++)
    reqlen += (size_t)sprintf(req + reqlen, "$%zu\r\n%s\r\n", strlen(argv[i]), argv[i]);
  long total = rate * seconds;
  conn_t conns[MAX_CONNS];
  struct pollfd pfds[MAX_CONNS];
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
  int gai = getaddrinfo(host, port, &hints, &ai);
  if (gai != 0) {
    fprintf(stderr, "paced-redis: cannot resolve %s:%s: %s\n", host, port, gai_strerror(gai));
    return 2;
  }
  for (long c = 0; c < nconns; c++) {
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol), one = 1;
    if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) die("connect");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    select_db(fd, db);
    conns[c] = (conn_t){.fd = fd, .cap = 1 << 16, .qcap = (size_t)total / nconns + 2};
    conns[c].buf = malloc(conns[c].cap);
    conns[c].sent = malloc(conns[c].qcap * sizeof(int64_t));
    pfds[c] = (struct pollfd){.fd = fd, .events = POLLIN};
  }
  int64_t *lat = malloc((size_t)total * sizeof(int64_t));
  size_t done = 0;
  long errors = 0, next = 0;
  double gap_ns = 1e9 / (double)rate;
  int64_t start = now_ns(), deadline = start + (int64_t)(seconds + 10) * 1000000000;
  while (done < (size_t)total) {
    int64_t t = now_ns();
    while (next < total && t >= start + (int64_t)(next * gap_ns)) {
      conn_t *c = &conns[next % nconns];
      if (write(c->fd, req, reqlen) != (ssize_t)reqlen) die("write");
      c->sent[c->tail++] = now_ns();
      next++;
      t = now_ns();
    }
    if (t > deadline) {
      fprintf(stderr, "paced-redis: %zu of %ld answers missing 10 s after the last request\n",
              (size_t)total - done, total);
      return 1;
    }
    int64_t wait = next < total ? start + (int64_t)(next * gap_ns) - t : 100000000;
    struct timespec ts = {.tv_sec = wait / 1000000000, .tv_nsec = wait % 1000000000};
    if (ppoll(pfds, (nfds_t)nconns, &ts, NULL) < 0 && errno != EINTR) die("poll");
    for (long i = 0; i < nconns; i++) {
      if (!(pfds[i].revents & (POLLIN | POLLERR | POLLHUP))) continue;
      conn_t *c = &conns[i];
      if (c->cap - c->len < 4096) c->buf = realloc(c->buf, c->cap *= 2);
      ssize_t r = read(c->fd, c->buf + c->len, c->cap - c->len);
      if (r <= 0) die(r == 0 ? "Redis closed the connection" : "read");
      c->len += (size_t)r;
      int64_t got = now_ns();
      size_t off = 0, one;
      int err = 0;
      while (off < c->len && (one = reply_len(c->buf + off, c->len - off, &err)) > 0) {
        if (c->head == c->tail) {
          fprintf(stderr, "paced-redis: an answer came for no request\n");
          return 1;
        }
        lat[done++] = got - c->sent[c->head++];
        errors += err;
        err = 0;
        off += one;
      }
      memmove(c->buf, c->buf + off, c->len - off);
      c->len -= off;
    }
  }
  double secs = (now_ns() - start) / 1e9;
  qsort(lat, done, sizeof(int64_t), cmp_i64);
  printf("%.0f %.3f %.3f %.3f %ld\n", (double)total / secs, quantile_ms(lat, done, 0.50),
         quantile_ms(lat, done, 0.99), quantile_ms(lat, done, 0.999), errors);
  return 0;
}
