using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Sample.Tests;

public sealed class FaultSwitchTests
{
    [Fact]
    public async Task Unhealthy_makes_ready_fail_but_live_pass()
    {
        using var host = new SampleHost(true, ("SAMPLE_FAULT", "unhealthy"));
        using var http = host.CreateClient();

        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("SAMPLE_FAULT=unhealthy", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Slow_delays_every_request()
    {
        using var host = new SampleHost(true, ("SAMPLE_FAULT", "slow"), ("SAMPLE_FAULT_DELAY_MS", "300"));
        using var http = host.CreateClient();

        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 300, $"answered in {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Errors_fail_resource_requests_but_not_health()
    {
        using var host = new SampleHost(true, ("SAMPLE_FAULT", "errors"));
        using var http = host.CreateClient();

        using var todos = await http.GetAsync(new Uri("/todos", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, todos.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Errors_rate_fails_about_that_fraction()
    {
        using var host = new SampleHost(true, ("SAMPLE_FAULT", "errors"), ("SAMPLE_FAULT_RATE", "0.25"));
        using var http = host.CreateClient();

        var failed = 0;
        for (var i = 0; i < 400; i++)
        {
            using var response = await http.GetAsync(new Uri("/todos", UriKind.Relative));
            failed += response.StatusCode == HttpStatusCode.InternalServerError ? 1 : 0;
        }

        Assert.InRange(failed, 60, 140); // 100 expected; binomial sd ~8.7
    }

    [Fact]
    public void Switch_is_off_by_default()
    {
        var off = FaultSwitch.From(new ConfigurationBuilder().Build());

        Assert.Equal(FaultMode.None, off.Mode);
    }

    [Theory]
    [InlineData("SAMPLE_FAULT", "explode", "SAMPLE_FAULT='explode' is unknown; use unhealthy, slow, errors or crash (or leave it unset)")]
    [InlineData("SAMPLE_FAULT_RATE", "2", "SAMPLE_FAULT_RATE='2' is not a number in 0..1")]
    public void Bad_switch_values_are_named(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["SAMPLE_FAULT"] = "errors", [key] = value };

        var error = Assert.Throws<SampleConfigurationException>(
            () => FaultSwitch.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.Equal(expected, error.Message);
    }
}
