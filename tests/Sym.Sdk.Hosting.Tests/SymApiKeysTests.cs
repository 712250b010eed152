using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Internal;

namespace Sym.Sdk.Hosting.Tests;

public sealed class SymApiKeysTests
{
    [Fact]
    public void Generate_MakesDistinctPrefixedHighEntropyKeys()
    {
        string a = SymApiKeys.Generate();
        string b = SymApiKeys.Generate();

        a.Should().StartWith("sym_").And.HaveLength(4 + 43).And.NotBe(b);
        a.Should().MatchRegex("^sym_[A-Za-z0-9_-]{43}$");
    }

    [Fact]
    public void Hash_IsLowercaseHexSha256OfUtf8()
    {
        SymApiKeys.Hash("abc").Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    [Fact]
    public void Hash_Empty_Throws()
    {
        Action act = () => SymApiKeys.Hash("");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Verify_FindsTheKeyWhoseHashMatches_AndNoOther()
    {
        string k1 = SymApiKeys.Generate();
        string k2 = SymApiKeys.Generate();
        var options = new SymApiOptions();
        options.Keys.Add(new SymApiKeyOptions { Name = "one", Hash = SymApiKeys.Hash(k1), User = "one@example.com" });
        options.Keys.Add(new SymApiKeyOptions { Name = "two", Hash = SymApiKeys.Hash(k2).ToUpperInvariant(), User = "two@example.com" });
        var verifier = new ApiKeyVerifier(new StaticMonitor(options));

        verifier.Verify(k1)!.Name.Should().Be("one");
        verifier.Verify(k2)!.Name.Should().Be("two");
        verifier.Verify(k1 + "x").Should().BeNull();
        verifier.Verify(SymApiKeys.Hash(k1)).Should().BeNull("the hash is not the key");
        verifier.Verify("").Should().BeNull();
        verifier.Verify(new string('a', ApiKeyVerifier.MaxKeyLength + 1)).Should().BeNull();
    }

    [Fact]
    public void Verify_NonAsciiKey_IsHashedAsUtf8()
    {
        const string key = "sym_clé-ünïcode-0123456789";
        var options = new SymApiOptions();
        options.Keys.Add(new SymApiKeyOptions { Name = "u", Hash = SymApiKeys.Hash(key), User = "u@example.com" });

        new ApiKeyVerifier(new StaticMonitor(options)).Verify(key).Should().NotBeNull();
    }

    private sealed class StaticMonitor(SymApiOptions value) : IOptionsMonitor<SymApiOptions>
    {
        public SymApiOptions CurrentValue => value;

        public SymApiOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SymApiOptions, string?> listener) => null;
    }
}
