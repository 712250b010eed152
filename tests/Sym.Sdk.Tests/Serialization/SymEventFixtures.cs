namespace Sym.Sdk.Tests.Serialization;

/// <summary>
/// The recorded event documents: every <c>*.json</c> in the folder named by <c>SYM_EVENT_FIXTURES</c> (relative to the
/// repository root when not absolute), by default <c>../shared/fixtures/sym-events</c>. Drop a new recording in and the
/// fixture tests pick it up.
/// </summary>
internal static class SymEventFixtures
{
    public const string FolderVariable = "SYM_EVENT_FIXTURES";

    public static string Folder
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable(FolderVariable);
            return string.IsNullOrWhiteSpace(configured)
                ? TestPaths.Fixture("sym-events")
                : Path.GetFullPath(configured, TestPaths.RepositoryRoot);
        }
    }

    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Names)
            {
                data.Add(name);
            }

            return data;
        }
    }

    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(Path.Combine(Folder, name));
}
