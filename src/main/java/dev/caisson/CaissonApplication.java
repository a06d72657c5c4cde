package dev.caisson;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CaissonApplication {
    public static void main(String[] args) {
        SpringApplication.run(CaissonApplication.class, args);
    }
}
