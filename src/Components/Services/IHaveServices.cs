using Pipeline.Engine;
using Pipeline.Engine.Parameters;

namespace Pipeline.Components.Services;

/// <summary>
/// The build's one declaration of the services it delivers (<see cref="ServiceDeclaration"/>), and <c>--service</c>
/// choosing one of them (default: all). The service targets (<see cref="IDeliverServices"/>) and the workflow generator
/// read it; override <see cref="Services"/> in the build class.
/// </summary>
public interface IHaveServices : IPipelineBuild
{
    /// <summary>The declared services; <c>Deploy</c> takes them in their <see cref="ServiceDeclaration.DeploysAfter"/> order.</summary>
    IReadOnlyList<ServiceDeclaration> Services { get; }

    [Parameter("Service to act on (one the build declares); default: all of them")]
    string? Service => Parameters.Get<string>(nameof(Service));

    /// <summary>The services the targets act on: the one <c>--service</c> names, else all, in deploy order.</summary>
    IReadOnlyList<ServiceDeclaration> SelectedServices =>
        ServiceOrder.DeployOrder(Services, Service is { Length: > 0 } one ? [one] : null);

    /// <summary>
    /// Null when the declaration is valid and <c>--service</c> names a declared service; otherwise one line (the
    /// targets run it before anything runs).
    /// </summary>
    string? CheckServices()
    {
        var services = Services;
        if (ServiceOrder.Validate(services) is { } invalid)
        {
            return invalid;
        }

        return Service is { Length: > 0 } name && services.All(s => s.Name != name)
            ? $"--service: unknown service '{name}': the build declares {string.Join(", ", services.Select(s => s.Name))} (see Services in the build class)"
            : null;
    }
}
