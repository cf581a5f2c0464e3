using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Pipeline.Testing.Requirements;

/// <summary>
/// What the requirement discoverers share: the requirements of a test method (its attribute's and its class's), and the
/// test case that skips or fails it when they are not met.
/// </summary>
internal static class RequirementDiscovery
{
    /// <summary>Null when the test runs as usual; otherwise the one test case that skips or fails it.</summary>
    public static IXunitTestCase? Unmet(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute)
    {
        var verdict = Availability.Judge(Of(method, attribute));
        if (verdict.Failure is { } failure)
        {
            return new ExecutionErrorTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, failure);
        }

        return verdict.SkipReason is { } reason
            ? new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason)
            : null;
    }

    private static IEnumerable<Requirement> Of(ITestMethod method, IAttributeInfo attribute)
    {
        var own = (attribute as IReflectionAttributeInfo)?.Attribute as IRequirementsAttribute
            ?? throw new InvalidOperationException($"{method.TestClass.Class.Name}.{method.Method.Name}: a requirement attribute discovered without reflection");
        var ofClass = method.TestClass.Class.ToRuntimeType().GetCustomAttributes<RequiresAttribute>(inherit: true);
        return own.Requirements.Concat(ofClass.SelectMany(a => a.Requirements));
    }
}
