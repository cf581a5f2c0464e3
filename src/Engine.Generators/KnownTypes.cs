using Microsoft.CodeAnalysis;

namespace Pipeline.Engine.Generators;

/// <summary>The engine's types the generator looks for; null when the compilation does not reference the engine.</summary>
internal sealed class KnownTypes(INamedTypeSymbol pipelineBuild, INamedTypeSymbol target, INamedTypeSymbol parameter, INamedTypeSymbol secret, INamedTypeSymbol? unsafeAccessor)
{
    public INamedTypeSymbol PipelineBuild => pipelineBuild;

    public INamedTypeSymbol Target => target;

    public INamedTypeSymbol Parameter => parameter;

    public INamedTypeSymbol Secret => secret;

    /// <summary>.NET 8 and later: how generated code reads and assigns private members without reflection.</summary>
    public INamedTypeSymbol? UnsafeAccessor => unsafeAccessor;

    public static KnownTypes? From(Compilation compilation)
    {
        var pipelineBuild = compilation.GetTypeByMetadataName("Pipeline.Engine.PipelineBuild");
        var target = compilation.GetTypeByMetadataName("Pipeline.Engine.Targets.Target");
        var parameter = compilation.GetTypeByMetadataName("Pipeline.Engine.Parameters.ParameterAttribute");
        var secret = compilation.GetTypeByMetadataName("Pipeline.Engine.Parameters.SecretAttribute");
        var model = compilation.GetTypeByMetadataName("Pipeline.Engine.Targets.BuildModel");
        var moduleInitializer = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ModuleInitializerAttribute");
        return pipelineBuild is null || target is null || parameter is null || secret is null || model is null || moduleInitializer is null
            ? null
            : new KnownTypes(pipelineBuild, target, parameter, secret, compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.UnsafeAccessorAttribute"));
    }
}
