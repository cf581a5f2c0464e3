using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Pipeline.Images.Pushing;

/// <summary>
/// Reads the engine's push message stream: logs each layer's status changes once (not every progress tick), counts
/// layers uploaded (<c>Pushed</c>) versus already present (<c>Layer already exists</c>, <c>Mounted from …</c>), sums the
/// uploaded bytes, and takes the manifest digest from the final <c>aux</c> message.
/// </summary>
internal sealed class PushOutput(ILogger logger) : IProgress<JSONMessage>
{
    private readonly Dictionary<string, string> _layerStatus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _layerBytes = new(StringComparer.Ordinal);

    public int LayersPushed { get; private set; }

    public int LayersExisting { get; private set; }

    public long BytesPushed { get; private set; }

    public string? Digest { get; private set; }

    public string? Error { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error)
        {
            Error = error.Trim();
            logger.LogError("{PushError}", Error);
        }

        if (value.Aux?.ExtensionData is { } aux && aux.TryGetValue("Digest", out var digest) && digest?.ToString() is { Length: > 0 } text)
        {
            Digest = text;
        }

        if (value.Status is not { Length: > 0 } status)
        {
            return;
        }

        if (value.ID is not { Length: > 0 } layer)
        {
            logger.LogInformation("{PushStatus}", status);
            return;
        }

        if (value.Progress?.Total is > 0 and var total)
        {
            _layerBytes[layer] = total;
        }

        if (_layerStatus.TryGetValue(layer, out var previous) && previous == status)
        {
            return;
        }

        _layerStatus[layer] = status;
        if (status == "Pushed")
        {
            LayersPushed++;
            BytesPushed += _layerBytes.GetValueOrDefault(layer);
        }
        else if (status == "Layer already exists" || status.StartsWith("Mounted from", StringComparison.Ordinal))
        {
            LayersExisting++;
        }

        logger.LogInformation("{Layer}: {PushStatus}", layer, status);
    }
}
