/*
 * benchutil: small helpers for bench/extractor-overhead.sh (compiled by the script).
 *
 *   benchutil run RESULT CMD [ARGS...]
 *       Runs CMD as a child and forwards SIGINT/SIGTERM/SIGHUP to it. Writes "pid N" to
 *       RESULT as soon as the child exists, then, when it ends, appends "cpu_ns C" (user+sys
 *       of the child and its waited-for descendants, from wait4's rusage, microsecond
 *       resolution), "status S" and "maxrss_kib K" (the child's peak resident set). Exits with the child's exit status (128+sig if killed).
 *
 *   benchutil cpu PID
 *       Prints the CPU time (ns) of process PID so far: all threads, live and exited
 *       (clock_gettime on the process CPU clock, nanosecond resolution).
 *
 *   benchutil wait-sem PID SEMADDR TRACERPID [TIMEOUT_MS]
 *       Polls the 2-byte USDT semaphore at link-time address SEMADDR (hex, as readelf -n
 *       prints it) in process PID until it is > 0, then at once prints the CPU time (ns) of
 *       TRACERPID and the wall clock (CLOCK_REALTIME ns, like date +%s%N): the tracer's CPU and
 *       the time when the traced load starts. Exit 1 on timeout or if PID exits first.
 *
 *   benchutil lines PREFIX [MARK FILE]
 *       Reads stdin to EOF and prints "total T matched M lost L": all lines, lines starting
 *       with PREFIX, and the sum of N over lines "Lost N events" (bpftrace's loss report).
 *       With MARK and FILE: creates FILE as soon as a line starting with MARK has been read
 *       (e.g. nodescope's "detached" event: everything before it has been written), whether
 *       or not it also starts with PREFIX.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child = -1;

static void forward(int sig)
{
    if (child > 0)
        kill(child, sig);
}

static int cmd_run(int argc, char **argv)
{
    if (argc < 4) return 2;
    const char *result = argv[2];
    struct sigaction sa = {0};
    sa.sa_handler = forward;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    child = fork();
    if (child < 0) { perror("fork"); return 4; }
    if (child == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        execvp(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }
    FILE *f = fopen(result, "w");
    if (!f) { perror(result); kill(child, SIGTERM); }
    else { fprintf(f, "pid %d\n", (int)child); fflush(f); }
    int status = 0;
    struct rusage ru;
    pid_t r;
    while ((r = wait4(child, &status, 0, &ru)) < 0 && errno == EINTR) {
    }
    if (r < 0) { perror("wait4"); return 4; }
    uint64_t ns = ((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) * 1000000000ull
                + ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec) * 1000ull;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (f) {
        /* ru_maxrss: the child's peak resident set, KiB */
        fprintf(f, "cpu_ns %" PRIu64 "\nstatus %d\nmaxrss_kib %ld\n", ns, code, ru.ru_maxrss);
        fclose(f);
    }
    return code;
}

/* the process CPU clock of pid: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED) */
static int cpu_ns(pid_t pid, uint64_t *out)
{
    clockid_t id;
    if (clock_getcpuclockid(pid, &id) != 0) return -1;
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0) return -1;
    *out = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    return 0;
}

static int cmd_cpu(int argc, char **argv)
{
    if (argc != 3) return 2;
    uint64_t ns;
    if (cpu_ns((pid_t)atoi(argv[2]), &ns) != 0) { perror("cpu clock"); return 1; }
    printf("%" PRIu64 "\n", ns);
    return 0;
}

/* load bias of the main executable of pid: 0 for ET_EXEC, else the start of its first mapping */
static int load_bias(pid_t pid, uint64_t *bias)
{
    char path[64], exe[4096];
    snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    if (n < 0) return -1;
    exe[n] = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    Elf64_Ehdr eh;
    ssize_t got = pread(fd, &eh, sizeof eh, 0);
    close(fd);
    if (got != (ssize_t)sizeof eh) return -1;
    if (eh.e_type == ET_EXEC) { *bias = 0; return 0; }
    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[8192];
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        unsigned long start, end, off;
        char perms[8];
        int pathpos = 0;
        if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %n", &start, &end, perms, &off, &pathpos) < 4 || !pathpos) continue;
        char *p = line + pathpos;
        p[strcspn(p, "\n")] = 0;
        if (!strcmp(p, exe) && off == 0) { *bias = start; found = 0; break; }
    }
    fclose(f);
    return found;
}

static int cmd_wait_sem(int argc, char **argv)
{
    if (argc != 5 && argc != 6) return 2;
    pid_t pid = (pid_t)atoi(argv[2]);
    uint64_t addr = strtoull(argv[3], NULL, 16);
    pid_t tracer = (pid_t)atoi(argv[4]);
    long timeout_ms = argc == 6 ? atol(argv[5]) : 30000;
    uint64_t bias = 0;
    struct timespec t0, now, nap = {0, 100000}; /* 100 us */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* the process may still be exec'ing: retry until its maps name the binary */
    while (load_bias(pid, &bias) != 0) {
        if (kill(pid, 0) != 0) { fprintf(stderr, "wait-sem: process %d is gone\n", (int)pid); return 1; }
        nanosleep(&nap, NULL);
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); return 1; }
    for (;;) {
        uint16_t sem = 0;
        if (pread(fd, &sem, sizeof sem, (off_t)(bias + addr)) != (ssize_t)sizeof sem) {
            fprintf(stderr, "wait-sem: process %d is gone\n", (int)pid);
            return 1;
        }
        if (sem > 0) break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000 > timeout_ms) {
            fprintf(stderr, "wait-sem: timeout\n");
            return 1;
        }
        nanosleep(&nap, NULL);
    }
    close(fd);
    uint64_t ns;
    if (cpu_ns(tracer, &ns) != 0) { perror("cpu clock of tracer"); return 1; }
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    printf("%" PRIu64 " %" PRIu64 "\n", ns, (uint64_t)((uint64_t)rt.tv_sec * 1000000000u + (uint64_t)rt.tv_nsec));
    return 0;
}

static int cmd_lines(int argc, char **argv)
{
    if (argc != 3 && argc != 5) return 2;
    const char *prefix = argv[2];
    const char *mark = argc == 5 ? argv[3] : NULL, *markfile = argc == 5 ? argv[4] : NULL;
    size_t mlen = mark ? strlen(mark) : 0;
    size_t plen = strlen(prefix);
    static char buf[1 << 20];
    char head[64]; /* the first bytes of the current line */
    size_t hlen = 0;
    uint64_t total = 0, matched = 0, lost = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) != 0) {
        if (n < 0) { if (errno == EINTR) continue; perror("read"); return 1; }
        char *p = buf, *end = buf + n;
        while (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            char *stop = nl ? nl : end;
            size_t take = (size_t)(stop - p);
            if (hlen < sizeof head - 1) {
                size_t k = take < sizeof head - 1 - hlen ? take : sizeof head - 1 - hlen;
                memcpy(head + hlen, p, k);
                hlen += k;
            }
            if (!nl) break;
            head[hlen] = 0;
            total++;
            if (hlen >= plen && !memcmp(head, prefix, plen)) matched++;
            if (mark && hlen >= mlen && !memcmp(head, mark, mlen)) {
                int fd = open(markfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0) close(fd);
                mark = NULL;
            }
            unsigned long long l;
            if (sscanf(head, "Lost %llu events", &l) == 1) lost += l;
            hlen = 0;
            p = nl + 1;
        }
    }
    printf("total %" PRIu64 " matched %" PRIu64 " lost %" PRIu64 "\n", total, matched, lost);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "run")) return cmd_run(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "cpu")) return cmd_cpu(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "wait-sem")) return cmd_wait_sem(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "lines")) return cmd_lines(argc, argv);
    fprintf(stderr, "usage: benchutil run RESULT CMD... | cpu PID | wait-sem PID SEMADDR TRACERPID [MS] | lines PREFIX\n");
    return 2;
}
