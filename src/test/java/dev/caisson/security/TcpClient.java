package dev.caisson.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP over the platform's TCP port with an optional bearer token. */
record TcpClient(int port, HttpClient http) {
    record Answer(int status, String body) {
    }

    static TcpClient on(int port) {
        return new TcpClient(port, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    Answer call(String token, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }
}
