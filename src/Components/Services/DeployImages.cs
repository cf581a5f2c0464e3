using Pipeline.Deploy;

namespace Pipeline.Components.Services;

/// <summary>
/// The images a deploy uses, per service, from <c>--image</c>: <c>worker=registry/worker@sha256:…,orchestrator=…</c>,
/// or one plain reference when one service is deployed. A service without an image here is built on this machine when
/// its platform can run a local image, otherwise refused by the platform.
/// </summary>
public sealed record DeployImages(IReadOnlyDictionary<string, string> ByService)
{
    public static DeployImages None { get; } = new(new Dictionary<string, string>());

    /// <summary>
    /// Parses <paramref name="value"/> for the <paramref name="selected"/> services of <paramref name="declared"/>;
    /// throws <see cref="DeploySettingsException"/> with one line when a name is unknown, given twice, or a plain
    /// reference is given for several services.
    /// </summary>
    public static DeployImages Parse(string? value, IReadOnlyList<string> declared, IReadOnlyList<string> selected)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(selected);
        if (string.IsNullOrWhiteSpace(value))
        {
            return None;
        }

        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 1 && NameOf(items[0]) is null)
        {
            return selected.Count == 1
                ? new(new Dictionary<string, string> { [selected[0]] = items[0] })
                : throw new DeploySettingsException(
                    $"--image: '{items[0]}' names no service, and {selected.Count} services are deployed ({string.Join(", ", selected)}): pass --image <service>=<repository@sha256:…>,… or --service <name>");
        }

        var images = new Dictionary<string, string>();
        foreach (var item in items)
        {
            var name = NameOf(item) ?? throw new DeploySettingsException(
                $"--image: '{item}' names no service: give each image as <service>=<repository@sha256:…> when several are given");
            if (!declared.Contains(name))
            {
                throw new DeploySettingsException($"--image: unknown service '{name}': the build declares {string.Join(", ", declared)}");
            }

            var reference = item[(name.Length + 1)..];
            if (reference.Length == 0)
            {
                throw new DeploySettingsException($"--image: the image of '{name}' is empty: pass {name}=<repository@sha256:…>");
            }

            if (!images.TryAdd(name, reference))
            {
                throw new DeploySettingsException($"--image: service '{name}' is given twice: give each service one image");
            }
        }

        return new(images);
    }

    /// <summary>The image given for <paramref name="service"/>, if any.</summary>
    public string? For(string service) => ByService.TryGetValue(service, out var image) ? image : null;

    /// <summary>The service name before '=' when the item is <c>name=reference</c> (a reference has no '=' before its path).</summary>
    private static string? NameOf(string item) =>
        item.IndexOf('=', StringComparison.Ordinal) is var at and > 0 && item[..at].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? item[..at]
            : null;
}
