using Xunit.Abstractions;
using Xunit.Sdk;

namespace Pipeline.Testing.Requirements;

/// <summary>Discovers a <see cref="FactRequiringAttribute"/>: a plain fact when its requirements are met.</summary>
public sealed class FactRequiringDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        RequirementDiscovery.Unmet(diagnosticMessageSink, discoveryOptions, testMethod, factAttribute) is { } unmet
            ? [unmet]
            : fact.Discover(discoveryOptions, testMethod, factAttribute);
}
