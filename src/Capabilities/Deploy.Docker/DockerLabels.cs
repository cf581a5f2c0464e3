using Docker.DotNet.Models;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The labels that mark what one environment owns on the engine (<see cref="DockerEnvironmentResources.ManagedLabel"/>, its
/// name and its instance, a role) and the filter that finds it again.
/// </summary>
internal sealed class DockerLabels(string environment, string instance)
{
    /// <summary>Labels of everything this environment creates; app containers add colour and version.</summary>
    public Dictionary<string, string> For(string role, string? colour = null, string? version = null)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DockerEnvironmentResources.ManagedLabel] = "true",
            [DockerEnvironmentResources.EnvironmentLabel] = environment,
            [DockerEnvironmentResources.InstanceLabel] = instance,
            [DockerEnvironmentResources.RoleLabel] = role,
        };
        if (colour is not null)
        {
            labels[DockerEnvironmentResources.ColourLabel] = colour;
        }

        if (version is not null)
        {
            labels[DockerEnvironmentResources.VersionLabel] = version;
        }

        return labels;
    }

    /// <summary>A list filter for what this environment created, of one role or all.</summary>
    public Dictionary<string, IDictionary<string, bool>> Filter(string? role)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal)
        {
            [$"{DockerEnvironmentResources.ManagedLabel}=true"] = true,
            [$"{DockerEnvironmentResources.InstanceLabel}={instance}"] = true,
        };
        if (role is not null)
        {
            labels[$"{DockerEnvironmentResources.RoleLabel}={role}"] = true;
        }

        return new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels };
    }

    /// <summary>A label of a listed container, or null.</summary>
    public static string? Of(ContainerListResponse container, string label) =>
        container.Labels is { } labels && labels.TryGetValue(label, out var value) ? value : null;
}
