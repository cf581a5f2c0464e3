using Microsoft.CodeAnalysis;

namespace Pipeline.Engine.Generators;

/// <summary>
/// Writes a <c>BuildModel</c> for every build class of the compilation (a non-abstract class deriving from
/// <c>Pipeline.Engine.PipelineBuild</c>) and registers it from a module initializer. A class it cannot describe exactly
/// as reflection would (see <see cref="BuildClassReader"/>) gets no model: the engine then uses reflection, as before.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BuildModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The whole compilation, reduced to the generated text (a string compares by value, so unchanged builds are cached).
        var source = context.CompilationProvider.Select(static (compilation, ct) => BuildModelSource.Write(BuildClassReader.Read(compilation, ct)));
        context.RegisterSourceOutput(source, static (output, text) =>
        {
            if (text.Length > 0)
            {
                output.AddSource("Pipeline.BuildModels.g.cs", text);
            }
        });
    }
}
