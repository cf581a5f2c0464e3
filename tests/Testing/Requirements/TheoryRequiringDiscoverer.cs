using Xunit.Abstractions;
using Xunit.Sdk;

namespace Pipeline.Testing.Requirements;

/// <summary>Discovers a <see cref="TheoryRequiringAttribute"/>: a plain theory when its requirements are met, else one skipped or failed case.</summary>
public sealed class TheoryRequiringDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly TheoryDiscoverer theory = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        RequirementDiscovery.Unmet(diagnosticMessageSink, discoveryOptions, testMethod, factAttribute) is { } unmet
            ? [unmet]
            : theory.Discover(discoveryOptions, testMethod, factAttribute);
}
