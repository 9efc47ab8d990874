/*
 * OS file locks for the local state backend, in the form Terraform's local backend uses:
 * an fcntl write lock over the whole state file. Exposed to JavaScript through plain N-API.
 *
 * On Linux the lock is an open-file-description lock (F_OFD_SETLK). It conflicts with the
 * classic POSIX lock Terraform takes, belongs to the file descriptor rather than the process
 * (so two clients in one process exclude each other), and is not dropped when some other
 * descriptor of the same file is closed. Where OFD locks are missing (macOS) the classic
 * F_SETLK is used and the JavaScript side adds an in-process registry.
 */
#define _GNU_SOURCE
#include <node_api.h>

#ifdef _WIN32

/* Terraform uses LockFileEx on Windows; this addon does not, so it only reports that. */
static napi_value Init(napi_env env, napi_value exports) {
  napi_value supported;
  napi_get_boolean(env, false, &supported);
  napi_set_named_property(env, exports, "platformSupported", supported);
  return exports;
}

#else

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef F_OFD_SETLK
#define HAVE_OFD_LOCKS 1
#else
#define HAVE_OFD_LOCKS 0
#endif

/* Throws a JavaScript Error carrying `errno` and `syscall` so the caller can classify it. */
static void throw_errno(napi_env env, const char *syscall, int error_number) {
  char message[256];
  snprintf(message, sizeof message, "%s failed: %s", syscall, strerror(error_number));
  napi_value text, error, number, name;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, NULL, text, &error);
  napi_create_int32(env, error_number, &number);
  napi_set_named_property(env, error, "errno", number);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, error, "syscall", name);
  napi_throw(env, error);
}

/* Reads argument 0 as a file descriptor and argument 1 as the "use classic locks" flag. */
static int read_arguments(napi_env env, napi_callback_info info, int *fd, int *classic) {
  size_t count = 2;
  napi_value arguments[2];
  if (napi_get_cb_info(env, info, &count, arguments, NULL, NULL) != napi_ok || count < 1) {
    napi_throw_type_error(env, NULL, "a file descriptor is required");
    return 0;
  }
  if (napi_get_value_int32(env, arguments[0], fd) != napi_ok || *fd < 0) {
    napi_throw_type_error(env, NULL, "the file descriptor must be a non-negative integer");
    return 0;
  }
  bool flag = false;
  if (count >= 2) napi_get_value_bool(env, arguments[1], &flag);
  *classic = flag || !HAVE_OFD_LOCKS;
  return 1;
}

static void whole_file(struct flock *lock, short type) {
  memset(lock, 0, sizeof *lock);
  lock->l_type = type;
  lock->l_whence = SEEK_SET;
  lock->l_start = 0;
  lock->l_len = 0; /* to the end of the file, however it grows: what Terraform locks */
}

static int set_lock_command(int classic) {
#if HAVE_OFD_LOCKS
  if (!classic) return F_OFD_SETLK;
#endif
  (void)classic;
  return F_SETLK;
}

static int get_lock_command(int classic) {
#if HAVE_OFD_LOCKS
  if (!classic) return F_OFD_GETLK;
#endif
  (void)classic;
  return F_GETLK;
}

/* fcntl, repeated when a signal interrupts it before it answers. */
static int fcntl_retrying(int fd, int command, struct flock *lock) {
  int result;
  do {
    result = fcntl(fd, command, lock);
  } while (result == -1 && errno == EINTR);
  return result;
}

/* tryLock(fd, classic): true when the write lock was taken, false when someone else holds it. */
static napi_value TryLock(napi_env env, napi_callback_info info) {
  int fd, classic;
  if (!read_arguments(env, info, &fd, &classic)) return NULL;
  struct flock lock;
  whole_file(&lock, F_WRLCK);
  int result = fcntl_retrying(fd, set_lock_command(classic), &lock);
  napi_value answer;
  if (result == 0) {
    napi_get_boolean(env, true, &answer);
    return answer;
  }
  if (errno == EAGAIN || errno == EACCES) {
    napi_get_boolean(env, false, &answer);
    return answer;
  }
  throw_errno(env, classic ? "fcntl(F_SETLK)" : "fcntl(F_OFD_SETLK)", errno);
  return NULL;
}

/* unlock(fd, classic): releases the write lock taken through this descriptor. */
static napi_value Unlock(napi_env env, napi_callback_info info) {
  int fd, classic;
  if (!read_arguments(env, info, &fd, &classic)) return NULL;
  struct flock lock;
  whole_file(&lock, F_UNLCK);
  int result = fcntl_retrying(fd, set_lock_command(classic), &lock);
  if (result == -1) {
    throw_errno(env, classic ? "fcntl(F_SETLK, F_UNLCK)" : "fcntl(F_OFD_SETLK, F_UNLCK)", errno);
    return NULL;
  }
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

/*
 * lockHolder(fd, classic): null when a write lock could be taken now, otherwise the holder's
 * pid. OFD holders report -1 (the kernel does not know a process for them). A classic query
 * never reports this process's own classic locks; an OFD query reports every other descriptor.
 */
static napi_value LockHolder(napi_env env, napi_callback_info info) {
  int fd, classic;
  if (!read_arguments(env, info, &fd, &classic)) return NULL;
  struct flock lock;
  whole_file(&lock, F_WRLCK);
  int result = fcntl_retrying(fd, get_lock_command(classic), &lock);
  if (result == -1) {
    throw_errno(env, classic ? "fcntl(F_GETLK)" : "fcntl(F_OFD_GETLK)", errno);
    return NULL;
  }
  napi_value answer;
  if (lock.l_type == F_UNLCK) {
    napi_get_null(env, &answer);
  } else {
    napi_create_int32(env, (int32_t)lock.l_pid, &answer);
  }
  return answer;
}

/*
 * bumpModificationTime(fd): sets mtime to max(now, previous mtime + 1 ns). Readers that do not
 * hold the lock compare mtimes before and after reading; coarse file-system clocks could
 * otherwise leave a complete rewrite with an unchanged mtime.
 */
static napi_value BumpModificationTime(napi_env env, napi_callback_info info) {
  int fd, classic;
  if (!read_arguments(env, info, &fd, &classic)) return NULL;
  struct stat status;
  if (fstat(fd, &status) == -1) {
    throw_errno(env, "fstat", errno);
    return NULL;
  }
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
#ifdef __APPLE__
  struct timespec previous = status.st_mtimespec;
#else
  struct timespec previous = status.st_mtim;
#endif
  struct timespec next = now;
  if (now.tv_sec < previous.tv_sec || (now.tv_sec == previous.tv_sec && now.tv_nsec <= previous.tv_nsec)) {
    next = previous;
    next.tv_nsec += 1;
    if (next.tv_nsec >= 1000000000L) {
      next.tv_sec += 1;
      next.tv_nsec -= 1000000000L;
    }
  }
  struct timespec times[2];
  times[0].tv_sec = 0;
  times[0].tv_nsec = UTIME_OMIT;
  times[1] = next;
  if (futimens(fd, times) == -1) {
    throw_errno(env, "futimens", errno);
    return NULL;
  }
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

/*
 * takeWriteLease(fd): "held" when this descriptor is the only open one of the file anywhere
 * (a Linux write lease; other opens then wait until releaseLease), "busy" when another
 * descriptor is open, "unsupported" where leases are unavailable.
 */
static napi_value TakeWriteLease(napi_env env, napi_callback_info info) {
  int fd, classic;
  if (!read_arguments(env, info, &fd, &classic)) return NULL;
  const char *outcome = "unsupported";
#if defined(F_SETLEASE) && defined(F_SETSIG)
  /*
   * A lease break is announced by a signal, SIGIO by default, which would terminate Node.
   * SIGURG is ignored by default, and the break needs no reaction: the lease is released
   * right after the unlink it guards.
   */
  if (fcntl(fd, F_SETSIG, SIGURG) == -1) {
    outcome = "unsupported";
  } else if (fcntl(fd, F_SETLEASE, F_WRLCK) == 0) {
    outcome = "held";
  } else if (errno == EAGAIN || errno == EBUSY) {
    outcome = "busy";
  }
#endif
  napi_value answer;
  napi_create_string_utf8(env, outcome, NAPI_AUTO_LENGTH, &answer);
  return answer;
}

/* releaseLease(fd): gives up a lease taken by takeWriteLease. */
static napi_value ReleaseLease(napi_env env, napi_callback_info info) {
  int fd, classic;
  if (!read_arguments(env, info, &fd, &classic)) return NULL;
#ifdef F_SETLEASE
  if (fcntl(fd, F_SETLEASE, F_UNLCK) == -1) {
    throw_errno(env, "fcntl(F_SETLEASE, F_UNLCK)", errno);
    return NULL;
  }
#endif
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

static void export_function(napi_env env, napi_value exports, const char *name, napi_callback callback) {
  napi_value function;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, NULL, &function);
  napi_set_named_property(env, exports, name, function);
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value flag;
  napi_get_boolean(env, true, &flag);
  napi_set_named_property(env, exports, "platformSupported", flag);
  napi_get_boolean(env, HAVE_OFD_LOCKS, &flag);
  napi_set_named_property(env, exports, "openFileDescriptionLocks", flag);
  export_function(env, exports, "tryLock", TryLock);
  export_function(env, exports, "unlock", Unlock);
  export_function(env, exports, "lockHolder", LockHolder);
  export_function(env, exports, "bumpModificationTime", BumpModificationTime);
  export_function(env, exports, "takeWriteLease", TakeWriteLease);
  export_function(env, exports, "releaseLease", ReleaseLease);
  return exports;
}

#endif

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
