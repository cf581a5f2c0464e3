using System.Collections.Generic;

namespace Pipeline.Engine.Generators;

/// <summary>What the generator writes for one build class: C# expressions, ready to emit.</summary>
internal sealed class BuildClass(string typeName)
{
    /// <summary>The class as C# names it (<c>global::Build.Build</c>).</summary>
    public string TypeName { get; } = typeName;

    /// <summary>Whether generated code may write <c>new TypeName()</c>.</summary>
    public bool HasConstructor { get; set; }

    public List<TargetEntry> Targets { get; } = [];

    public List<ParameterEntry> Parameters { get; } = [];

    /// <summary>Declarations of <c>[UnsafeAccessor]</c> methods for members generated code may not name directly.</summary>
    public List<string> Accessors { get; } = [];
}

/// <summary>A target property: its name and an expression reading it from <c>b</c> (the build, typed object).</summary>
internal sealed class TargetEntry(string name, string read)
{
    public string Name { get; } = name;

    public string Read { get; } = read;
}

/// <summary>A parameter member, as the engine's ParameterDescriptor takes it.</summary>
internal sealed class ParameterEntry(string name, string type, string? description, bool isSecret, IReadOnlyList<string> variables, string read, string? inject)
{
    public string Name { get; } = name;

    /// <summary>The member's type, as <c>typeof</c> takes it.</summary>
    public string Type { get; } = type;

    public string? Description { get; } = description;

    public bool IsSecret { get; } = isSecret;

    public IReadOnlyList<string> Variables { get; } = variables;

    /// <summary>An expression of <c>b</c> reading the member.</summary>
    public string Read { get; } = read;

    /// <summary>A statement assigning <c>v</c> (object) to the member of <c>b</c>, or null when the engine does not assign it.</summary>
    public string? Inject { get; } = inject;
}
