using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Ecs.Local.IntegrationTests.Support;

/// <summary>
/// Task definitions the tests run on the offline Debian image: a one-connection-at-a-time Perl HTTP server (fast: no fork per request) on port 8080 that answers its
/// BODY (and STATUS on paths under /app; 200 elsewhere, so the load balancer's health check on / passes).
/// </summary>
internal static class TaskDefinitions
{
    public const int ContainerPort = 8080;

    public const string Server = """
        use IO::Socket::INET; $SIG{TERM}=sub{exit 0}; $SIG{PIPE}='IGNORE';
        my $s=IO::Socket::INET->new(LocalPort=>8080,Listen=>1024,ReuseAddr=>1) or die "listen: $!";
        while(1){ my $c=$s->accept or next; my $l=<$c>; while(my $h=<$c>){ last if $h=~/^\r?\n$/ }
          my ($path)=(($l||'')=~/^\S+\s+(\S+)/); my $st=(($path||'')=~m{^/app} ? ($ENV{STATUS}||200) : 200); my $b=($ENV{BODY}||"ok")."\n";
          print $c "HTTP/1.1 $st X\r\nContent-Type: text/plain\r\nContent-Length: ".length($b)."\r\nConnection: close\r\n\r\n$b"; close $c }
        """;

    /// <summary>A web task definition answering <paramref name="body"/>; <paramref name="healthy"/> false makes its container health check fail.</summary>
    public static JsonObject Web(string family, string body, int status = 200, bool healthy = true) => new()
    {
        ["family"] = family,
        ["networkMode"] = "awsvpc",
        ["requiresCompatibilities"] = new JsonArray("FARGATE"),
        ["cpu"] = "256",
        ["memory"] = "512",
        ["containerDefinitions"] = new JsonArray(new JsonObject
        {
            ["name"] = "app",
            ["image"] = TestImages.Debian,
            ["essential"] = true,
            ["command"] = new JsonArray("perl", "-e", Server),
            ["environment"] = new JsonArray(
                new JsonObject { ["name"] = "BODY", ["value"] = body },
                new JsonObject { ["name"] = "STATUS", ["value"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = ContainerPort, ["protocol"] = "tcp" }),
            ["healthCheck"] = new JsonObject
            {
                ["command"] = healthy
                    ? new JsonArray("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080")
                    : new JsonArray("CMD-SHELL", "exit 1"),
                ["interval"] = 1,
                ["timeout"] = 2,
                ["retries"] = 2,
            },
        }),
    };

    /// <summary>A one-off task: bash running <paramref name="script"/>.</summary>
    public static JsonObject Job(string family, string script) => new()
    {
        ["family"] = family,
        ["containerDefinitions"] = new JsonArray(new JsonObject
        {
            ["name"] = "job",
            ["image"] = TestImages.Debian,
            ["essential"] = true,
            ["command"] = new JsonArray("bash", "-c", script),
        }),
    };

    /// <summary>The loadBalancers member of a blue/green service whose listeners are the given loopback ports (the local convention).</summary>
    public static JsonArray LoadBalancers(int production, int test) => new(new JsonObject
    {
        ["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/blue/1",
        ["containerName"] = "app",
        ["containerPort"] = ContainerPort,
        ["advancedConfiguration"] = new JsonObject
        {
            ["alternateTargetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/green/2",
            ["productionListenerRule"] = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/prod/{production}",
            ["testListenerRule"] = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/test/{test}",
            ["roleArn"] = "arn:aws:iam::000000000000:role/ecsInfrastructureRole",
        },
    });
}
