namespace CustomAccess.Tests;

/// <summary>The root README shows ReadmeExampleTests.cs verbatim; this keeps them from drifting apart.</summary>
public class ReadmeSyncTests
{
    [Fact]
    public void Readme_HarnessExample_IsReadmeExampleTestsVerbatim()
    {
        string root = RepositoryRoot();
        string test = File.ReadAllText(Path.Combine(root, "samples", "CustomAccess.Tests", "ReadmeExampleTests.cs")).ReplaceLineEndings("\n");
        string example = test[test.IndexOf("using System.Net;", StringComparison.Ordinal)..].TrimEnd();

        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        readme.Should().Contain("```csharp\n" + example + "\n```");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sym.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Sym.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
