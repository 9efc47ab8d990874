{
  "targets": [
    {
      "target_name": "local_file_lock",
      "sources": ["native/file-lock.c"],
      "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
