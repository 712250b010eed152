using System.Text.Json;
using Sym.Sdk.Integrations.Okta;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaUserProfileTests
{
    private static OktaUserProfile Profile() => JsonSerializer.Deserialize<OktaUserProfile>("""
        {
          "login": "alice@example.com", "email": "alice@example.com", "firstName": "Alice", "lastName": null,
          "department": "Engineering", "employeeNumber": 42, "contractor": false, "manager": null,
          "teams": ["payments", "sre", null, 7], "costCenter": { "id": "cc-1" }
        }
        """)!;

    [Fact]
    public void GetString_CustomAndStandardAttributes_ReadAsText()
    {
        OktaUserProfile profile = Profile();

        // Sym: user_info.get("profile", {}).get("department", "")
        (profile.GetString("department") ?? "").Should().Be("Engineering");
        profile.GetString("email").Should().Be("alice@example.com");
        profile.GetString("firstName").Should().Be("Alice");
        profile.GetString("employeeNumber").Should().Be("42");
        profile.GetString("contractor").Should().Be("false");
        profile.GetString("costCenter").Should().Be("""{ "id": "cc-1" }""");
    }

    [Fact]
    public void GetString_MissingOrNull_IsNull()
    {
        OktaUserProfile profile = Profile();

        profile.GetString("title").Should().BeNull();
        profile.GetString("manager").Should().BeNull();
        profile.GetString("lastName").Should().BeNull();
        profile.GetString("Department").Should().BeNull("Okta's attribute names are case-sensitive");
        FluentActions.Invoking(() => profile.GetString("")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void GetStringList_ArraysSingleValuesAndMissing()
    {
        OktaUserProfile profile = Profile();

        profile.GetStringList("teams").Should().Equal("payments", "sre", "7");
        profile.GetStringList("department").Should().Equal("Engineering");
        profile.GetStringList("login").Should().Equal("alice@example.com");
        profile.GetStringList("manager").Should().BeEmpty();
        profile.GetStringList("groups").Should().BeEmpty();
    }
}
