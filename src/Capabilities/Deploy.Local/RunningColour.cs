using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>A revision found running on the machine (a process, a container), described as current.json would.</summary>
public sealed record RunningColour(EdgeColour Colour, ColourState State);
