using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;
using Collab.Web.Demo;

namespace Collab.WebTests.Demo;

public sealed class DemoDataTests(DemoWebFactory factory) : IClassFixture<DemoWebFactory>
{
    [Fact]
    public async Task The_first_development_run_creates_the_demo_accounts_and_a_cardiologist_can_log_in_and_search()
    {
        var client = factory.CreateClient();
        var claire = new TestAccount(Guid.Empty, "claire.martin@hopital-demo.fr", DemoData.Password, "");

        await TestAccounts.LoginAsync(factory, client, claire);
        var found = await client.GetFromJsonAsync<JsonElement>("/api/v1/directory?text=petit");
        var groups = await client.GetFromJsonAsync<JsonElement>("/api/v1/groups");

        Assert.Equal("Julie", found.GetProperty("entries")[0].GetProperty("name").GetString()!.Split(' ')[1]);
        Assert.Equal("Cardiologie", groups[0].GetProperty("info").GetProperty("name").GetString());
        Assert.All(groups[0].GetProperty("members").EnumerateArray(), m => Assert.Equal("Confirmed", m.GetProperty("state").GetString()));
        Assert.Contains(factory.Logs.Entries, e => e.Contains("operateur@collab.demo", StringComparison.Ordinal));
    }
}
