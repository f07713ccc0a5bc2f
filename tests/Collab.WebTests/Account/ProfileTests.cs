using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;

namespace Collab.WebTests.Account;

/// <summary>The holder's own profile, red list, notices and sessions through <c>/account</c>.</summary>
public sealed class ProfileTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task A_profile_edit_saves_the_contact_details_and_a_bad_one_is_refused_by_name_losing_nothing()
    {
        var me = await TestSessions.ActiveAsync(factory, "Profil");

        var saved = await me.Http.PutAsJsonAsync("/account/profile", new
        {
            phone = "04 72 00 00 00",
            specialty = "Cardiologie",
            address = "CHU Démo, 1 place de l'Hôpital\n69003 Lyon",
            places = new[] { "Cardiologie, CHU Démo", "  ", "Cabinet Lyon 3" },
        });
        var refused = await me.Http.PutAsJsonAsync("/account/profile", new
        {
            phone = "appelez-moi",
            places = Enumerable.Range(1, 6).Select(i => $"Lieu {i}").ToArray(),
        });
        var after = await me.Http.GetFromJsonAsync<JsonElement>("/account/profile");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("phone", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("places", out _), errors.ToString());
        Assert.Equal("04 72 00 00 00", after.GetProperty("phone").GetString());
        Assert.Equal("Cardiologie", after.GetProperty("specialty").GetString());
        Assert.Equal("CHU Démo, 1 place de l'Hôpital\n69003 Lyon", after.GetProperty("address").GetString());
        Assert.Equal(["Cardiologie, CHU Démo", "Cabinet Lyon 3"], after.GetProperty("places").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal(me.Account.Email, after.GetProperty("email").GetString()); // not changed by a profile edit
    }

    [Fact]
    public async Task The_red_list_hides_a_practitioner_from_a_stranger_but_not_from_a_colleague_already_in_contact()
    {
        var name = "Rouge" + new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(6).ToArray());
        var listed = await TestSessions.ActiveAsync(factory, name);
        var colleague = await TestSessions.ActiveAsync(factory, "Confrere");
        var stranger = await TestSessions.ActiveAsync(factory, "Inconnu");
        await TestConsultations.RequestAsync(colleague.Http, listed.Account.Id, "Avis sur un souffle systolique ?");

        var strangerBefore = await FindsAsync(stranger, name, listed.Account.Id);
        var on = await listed.Http.PutAsJsonAsync("/account/red-list", new { enabled = true });
        var strangerAfter = await FindsAsync(stranger, name, listed.Account.Id);
        var colleagueAfter = await FindsAsync(colleague, name, listed.Account.Id);
        var profile = await listed.Http.GetFromJsonAsync<JsonElement>("/account/profile");
        await listed.Http.PutAsJsonAsync("/account/red-list", new { enabled = false });
        var strangerOff = await FindsAsync(stranger, name, listed.Account.Id);

        Assert.True(strangerBefore);
        Assert.Equal(HttpStatusCode.NoContent, on.StatusCode);
        Assert.True(profile.GetProperty("redListed").GetBoolean());
        Assert.False(strangerAfter);
        Assert.True(colleagueAfter);
        Assert.True(strangerOff);
    }

    [Fact]
    public async Task The_sessions_list_shows_each_open_session_and_log_out_everywhere_ends_them_all()
    {
        var laptop = await TestSessions.ActiveAsync(factory, "Sessions");
        var phone = await TestSessions.AgainAsync(factory, laptop.Account);
        var other = await TestSessions.ActiveAsync(factory, "Autre");

        var list = await laptop.Http.GetFromJsonAsync<JsonElement>("/account/sessions");
        var ended = await laptop.Http.DeleteAsync("/account/sessions");

        Assert.Equal(2, list.GetArrayLength());
        Assert.Single(list.EnumerateArray(), s => s.GetProperty("current").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.Http.GetAsync("/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Http.GetAsync("/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync("/account/me")).StatusCode); // another account's session is untouched
    }

    [Fact]
    public async Task Notices_by_sms_are_switched_on_and_off_by_the_holder()
    {
        var me = await TestSessions.ActiveAsync(factory, "Sms");

        await me.Http.PutAsJsonAsync("/account/notifications/sms", new { enabled = true });
        var on = (await me.Http.GetFromJsonAsync<JsonElement>("/account/profile")).GetProperty("smsNotifications").GetBoolean();
        await me.Http.PutAsJsonAsync("/account/notifications/sms", new { enabled = false });
        var off = (await me.Http.GetFromJsonAsync<JsonElement>("/account/profile")).GetProperty("smsNotifications").GetBoolean();

        Assert.True(on);
        Assert.False(off);
    }

    private static async Task<bool> FindsAsync(TestSession searcher, string name, Guid id)
    {
        var page = await searcher.Http.GetFromJsonAsync<JsonElement>($"/api/v1/directory?text={name}");
        return page.GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("id").GetGuid() == id);
    }
}
