using Microsoft.Extensions.Logging;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests.Support;

/// <summary>Every logger writes to the test's output (the environment takes a factory).</summary>
internal sealed class XunitLoggerFactory(ITestOutputHelper output) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new XunitLogger(output);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
