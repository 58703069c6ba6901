CREATE TABLE app.accent ("é" text DEFAULT 'é; ü');
