package dev.caisson;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CaissonApplication {
    public static void main(String[] args) {
        // vfork is the cheapest way for a large JVM to start a shim (measured in bench/)
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        SpringApplication.run(CaissonApplication.class, args);
    }
}
