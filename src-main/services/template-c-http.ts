/**
 * The c-http and cpp-http templates: a wasi:http handler against the bindings the studio
 * generates (bindings/handler.h, wit-bindgen's C conventions), with a greeting at `/`, an echo of
 * the request's body and content-type at `/echo`, and a 404 for anything else. The one source is
 * C that is also C++ (the bindings are C, declared extern "C" for C++).
 */
export const C_HTTP_WIT = [
  'package studio:handler;',
  '',
  '// The studio supplies the WASI packages (a copy in wit/deps/ takes their place).',
  'world handler {',
  '  export wasi:http/incoming-handler@0.2.12;',
  '}',
  '',
].join('\n');

export const C_HTTP_SOURCE = (language: 'C' | 'C++') => String.raw`// An HTTP handler (wasi:http/incoming-handler) in ${language}, written against bindings/handler.h, which
// the studio generates from wit/world.wit on every build (wit-bindgen's C conventions).
// A request and the response's handles are resources: borrow one to call its methods, and
// drop what you own when done (a body's stream before its body).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "handler.h"

typedef exports_wasi_http_incoming_handler_own_incoming_request_t request_t;
typedef exports_wasi_http_incoming_handler_own_response_outparam_t response_out_t;

// Whether the request's path (without its query) is exactly want.
static bool path_is(const handler_string_t *path, const char *want) {
    size_t len = 0;
    while (len < path->len && path->ptr[len] != '?') len++;
    return len == strlen(want) && memcmp(path->ptr, want, len) == 0;
}

// The first value of a request header, or an empty list; the caller frees it.
static handler_list_u8_t header(wasi_http_types_borrow_incoming_request_t request, const char *name) {
    handler_list_u8_t value = {NULL, 0};
    wasi_http_types_own_headers_t headers = wasi_http_types_method_incoming_request_headers(request);
    wasi_http_types_field_name_t key;
    handler_string_set(&key, name);
    handler_list_field_value_t values;
    wasi_http_types_method_fields_get(wasi_http_types_borrow_fields(headers), &key, &values);
    if (values.len > 0) {
        value = values.ptr[0];
        values.ptr[0].ptr = NULL; // now ours: not freed with the list
        values.ptr[0].len = 0;
    }
    handler_list_field_value_free(&values);
    wasi_http_types_fields_drop_own(headers);
    return value;
}

// The whole request body; the caller frees it.
static handler_list_u8_t read_body(wasi_http_types_borrow_incoming_request_t request) {
    handler_list_u8_t all = {NULL, 0};
    wasi_http_types_own_incoming_body_t body;
    if (!wasi_http_types_method_incoming_request_consume(request, &body)) return all;
    wasi_http_types_own_input_stream_t stream;
    if (wasi_http_types_method_incoming_body_stream(wasi_http_types_borrow_incoming_body(body), &stream)) {
        handler_list_u8_t chunk;
        wasi_io_streams_stream_error_t error;
        while (wasi_io_streams_method_input_stream_blocking_read(wasi_io_streams_borrow_input_stream(stream), 64 * 1024, &chunk, &error)) {
            if (chunk.len > 0) {
                all.ptr = (uint8_t *) realloc(all.ptr, all.len + chunk.len);
                memcpy(all.ptr + all.len, chunk.ptr, chunk.len);
                all.len += chunk.len;
            }
            handler_list_u8_free(&chunk);
        }
        // The loop ends at the end of the body (closed) or on a failure, which carries an error to drop.
        if (error.tag == WASI_IO_STREAMS_STREAM_ERROR_LAST_OPERATION_FAILED) wasi_io_error_error_drop_own(error.val.last_operation_failed);
        wasi_io_streams_input_stream_drop_own(stream);
    }
    wasi_http_types_incoming_body_drop_own(body);
    return all;
}

// Sends the response: its status, a content-type and the body, written in the 4096-byte
// pieces blocking-write-and-flush accepts, then finishes the body.
static void respond(response_out_t out, uint16_t status, const uint8_t *type, size_t type_len, const uint8_t *body, size_t len) {
    wasi_http_types_own_fields_t headers = wasi_http_types_constructor_fields();
    wasi_http_types_field_name_t name;
    handler_string_set(&name, "content-type");
    wasi_http_types_field_value_t value = {(uint8_t *) type, type_len};
    wasi_http_types_header_error_t header_error;
    wasi_http_types_method_fields_append(wasi_http_types_borrow_fields(headers), &name, &value, &header_error);

    wasi_http_types_own_outgoing_response_t response = wasi_http_types_constructor_outgoing_response(headers);
    wasi_http_types_method_outgoing_response_set_status_code(wasi_http_types_borrow_outgoing_response(response), status);
    wasi_http_types_own_outgoing_body_t outgoing;
    wasi_http_types_method_outgoing_response_body(wasi_http_types_borrow_outgoing_response(response), &outgoing);
    wasi_http_types_result_own_outgoing_response_error_code_t result;
    result.is_err = false;
    result.val.ok = response;
    wasi_http_types_static_response_outparam_set(out, &result);

    wasi_http_types_own_output_stream_t stream;
    if (wasi_http_types_method_outgoing_body_write(wasi_http_types_borrow_outgoing_body(outgoing), &stream)) {
        for (size_t done = 0; done < len;) {
            size_t n = len - done < 4096 ? len - done : 4096;
            handler_list_u8_t piece = {(uint8_t *) body + done, n};
            wasi_io_streams_stream_error_t error;
            if (!wasi_io_streams_method_output_stream_blocking_write_and_flush(wasi_io_streams_borrow_output_stream(stream), &piece, &error)) {
                if (error.tag == WASI_IO_STREAMS_STREAM_ERROR_LAST_OPERATION_FAILED) wasi_io_error_error_drop_own(error.val.last_operation_failed);
                break;
            }
            done += n;
        }
        wasi_io_streams_output_stream_drop_own(stream);
    }
    wasi_http_types_error_code_t error;
    if (!wasi_http_types_static_outgoing_body_finish(outgoing, NULL, &error)) wasi_http_types_error_code_free(&error);
}

static void respond_text(response_out_t out, uint16_t status, const char *text) {
    const char *type = "text/plain; charset=utf-8";
    respond(out, status, (const uint8_t *) type, strlen(type), (const uint8_t *) text, strlen(text));
}

void exports_wasi_http_incoming_handler_handle(request_t request, response_out_t out) {
    wasi_http_types_borrow_incoming_request_t req = wasi_http_types_borrow_incoming_request(request);
    handler_string_t path = {NULL, 0};
    wasi_http_types_method_incoming_request_path_with_query(req, &path);

    if (path_is(&path, "/")) {
        respond_text(out, 200, "Hello from a ${language} component!\n");
    } else if (path_is(&path, "/echo")) {
        // The body back, with the request's content-type (or the generic one).
        handler_list_u8_t type = header(req, "content-type");
        handler_list_u8_t body = read_body(req);
        if (type.len > 0) respond(out, 200, type.ptr, type.len, body.ptr, body.len);
        else respond(out, 200, (const uint8_t *) "application/octet-stream", 24, body.ptr, body.len);
        handler_list_u8_free(&type);
        free(body.ptr);
    } else {
        char text[256];
        int n = snprintf(text, sizeof text, "no route for %.*s\n", (int) path.len, (const char *) path.ptr);
        respond(out, 404, (const uint8_t *) "text/plain; charset=utf-8", 25, (const uint8_t *) text, n < (int) sizeof text ? (size_t) n : sizeof text - 1);
    }
    handler_string_free(&path);
    wasi_http_types_incoming_request_drop_own(request);
}
`;
