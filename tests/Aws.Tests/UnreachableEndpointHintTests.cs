using System.Net.Sockets;

namespace Pipeline.Aws.Tests;

/// <summary>
/// The advice of an endpoint that does not answer depends on the endpoint: a loopback endpoint that refuses
/// connections is a local stand-in that is not running (for ECS: the local ECS, started by LocalEcsUp), never a proxy,
/// firewall or VPC endpoint to look at; AWS endpoints keep the network advice.
/// </summary>
public sealed class UnreachableEndpointHintTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4599/", "the local ECS is not running (nothing listens on 127.0.0.1:4599): start it with ./build.sh LocalEcsUp, or check the endpoint URL")]
    [InlineData("http://localhost:4599/", "the local ECS is not running (nothing listens on localhost:4599): start it with ./build.sh LocalEcsUp, or check the endpoint URL")]
    [InlineData("http://127.0.0.1:4700/", "the local ECS is not running (nothing listens on 127.0.0.1:4700): start it with ./build.sh LocalEcsUp --local-ecs-port 4700, or check the endpoint URL")]
    public void A_refused_loopback_ECS_endpoint_names_the_local_ECS_and_LocalEcsUp(string endpoint, string hint) =>
        Assert.Equal(hint, AwsErrorHints.ForUnreachable("ECS", new Uri(endpoint), isTimeout: false, refused: true));

    [Fact]
    public void A_refused_loopback_endpoint_of_another_service_says_to_start_its_stand_in_not_the_local_ECS() =>
        Assert.Equal(
            "nothing listens on 127.0.0.1:4597: start the local Lambda stand-in this endpoint names, or check the endpoint URL",
            AwsErrorHints.ForUnreachable("Lambda", new Uri("http://127.0.0.1:4597/"), isTimeout: false, refused: true));

    [Theory]
    [InlineData("https://ecs.us-east-1.amazonaws.com/", false, true)]
    [InlineData("http://127.0.0.1:4599/", false, false)]
    public void An_AWS_endpoint_or_a_failure_other_than_a_refusal_keeps_the_network_advice(string endpoint, bool isTimeout, bool refused) =>
        Assert.Equal(
            "check the endpoint URL and network access (proxy, firewall, VPC endpoint)",
            AwsErrorHints.ForUnreachable("ECS", new Uri(endpoint), isTimeout, refused));

    [Fact]
    public void A_timeout_is_never_blamed_on_a_stopped_local_ECS() =>
        Assert.Equal(
            "check the endpoint URL, network route or VPC endpoint, or raise the timeout",
            AwsErrorHints.ForUnreachable("ECS", new Uri("http://127.0.0.1:4599/"), isTimeout: true, refused: false));

    [Fact]
    public void The_exception_finds_the_refusal_in_its_inner_exceptions()
    {
        var endpoint = new Uri("http://127.0.0.1:4599/");
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        var error = new AwsEndpointException("ECS", "DescribeServices", endpoint, "cannot reach (Connection refused)", 1, isTimeout: false, refused);

        Assert.Equal(
            "ECS DescribeServices failed: cannot reach (Connection refused) http://127.0.0.1:4599/ (after 1 attempt); " +
            "the local ECS is not running (nothing listens on 127.0.0.1:4599): start it with ./build.sh LocalEcsUp, or check the endpoint URL",
            error.Message);
    }
}
