using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.WebTests.Account;

/// <summary>
/// <c>PUT /account/identity-document</c> and <c>GET /api/v1/practitioners/{id}/identity-document</c>: a pending account's
/// proof of identity, stored encrypted and read back, byte for byte, by its structure's administrator and the operator.
/// </summary>
public sealed class IdentityDocumentTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task The_structure_admin_and_the_operator_read_the_document_sent_and_nobody_else_while_no_plaintext_is_stored()
    {
        var (admin, op, structure) = await StructureAsync("Lecture");
        var (member, memberHttp) = await PendingAsync(structure);
        var (_, stranger) = await TestAccounts.LoggedInAsync(factory, "Inconnu");
        var (otherAdmin, otherAdminHttp) = await TestAccounts.LoggedInAsync(factory, "AutreAdmin");
        await TestAccounts.StructureAsync(factory, otherAdmin.Id, "Autre hôpital");
        var canary = "CANARY" + Guid.NewGuid().ToString("N");
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4 carte professionnelle {canary}");

        var sent = await PutAsync(memberHttp, pdf, "application/pdf");
        var byAdmin = await admin.GetAsync(Path(member));
        var byOperator = await op.GetAsync(Path(member));
        var card = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/{member.Id}")).GetProperty("identityDocument");

        Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(pdf, await byAdmin.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", byAdmin.Content.Headers.ContentType?.MediaType);
        Assert.True(byAdmin.Headers.CacheControl?.NoStore);
        Assert.Equal(pdf, await byOperator.Content.ReadAsByteArrayAsync());
        Assert.Equal(pdf.Length, card.GetProperty("length").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await memberHttp.GetAsync(Path(member))).StatusCode); // pending: no /api/v1
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(Path(member))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdminHttp.GetAsync(Path(member))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/practitioners/{Guid.NewGuid()}/identity-document")).StatusCode);
        Assert.Empty(TestDatabase.FormsFoundIn(await factory.Database.DumpAsync(), canary));
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Contains(canary, StringComparison.Ordinal));
        Assert.Equal(2, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'practitioner.identity-document.read' AND object_id = '{member.Id}'"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_pdf_png_or_jpeg_or_is_empty_or_too_large_is_refused_naming_the_field_and_nothing_is_kept()
    {
        var (admin, _, structure) = await StructureAsync("Refus");
        var (member, memberHttp) = await PendingAsync(structure);
        const string Stored = "SELECT count(*) FROM attachment_chunk";
        var before = await factory.Database.ScalarAsync<long>(Stored);

        var text = await PutAsync(memberHttp, "%PDX pas un PDF"u8.ToArray(), "application/pdf");
        var empty = await PutAsync(memberHttp, [], "image/png");
        var large = await PutAsync(memberHttp, [.. "%PDF-1.4"u8, .. new byte[10 * 1024 * 1024]], "application/pdf");

        foreach (var refused in new[] { text, empty, large })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("document", out _));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Path(member))).StatusCode);
        Assert.Equal(before, await factory.Database.ScalarAsync<long>(Stored));
    }

    [Fact]
    public async Task A_new_document_replaces_the_old_one_whose_ciphertext_goes_and_validation_destroys_the_last()
    {
        var (admin, _, structure) = await StructureAsync("Remplace");
        var (member, memberHttp) = await PendingAsync(structure);
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/account/me")).GetProperty("practitioner").GetProperty("id").GetGuid();
        var adminCaller = Caller.Practitioner(adminId, null, null);
        var account = factory.Cluster.GetGrain<IPractitionerStandingGrain>(member.Id);
        var store = factory.Services.GetRequiredService<IAttachmentStore>();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

        await PutAsync(memberHttp, "%PDF-1.4 première version"u8.ToArray(), "application/pdf");
        var first = (await account.OpenIdentityDocument(adminCaller))!;
        await PutAsync(memberHttp, png, "image/png");
        var second = (await account.OpenIdentityDocument(adminCaller))!;
        var read = await admin.GetAsync(Path(member));
        var firstGone = !await store.ReadAsync(first.Owner, first.FileId, new MemoryStream());
        await TestAccounts.ProveEmailAsync(factory, member);
        var validated = await admin.PostAsync($"/api/v1/practitioners/{member.Id}/validate", null);

        Assert.Equal(png, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", read.Content.Headers.ContentType?.MediaType);
        Assert.True(firstGone);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Path(member))).StatusCode);
        Assert.False(await store.ReadAsync(second.Owner, second.FileId, new MemoryStream()));
        Assert.Equal(HttpStatusCode.Conflict, (await PutAsync(memberHttp, png, "image/png")).StatusCode); // active now: nothing more to prove
    }

    private static string Path(TestAccount member) => $"/api/v1/practitioners/{member.Id}/identity-document";

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, byte[] body, string contentType) =>
        http.PutAsync("/account/identity-document", new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } });

    // A structure with its first admin (holding the recovery key), and an operator; both logged in.
    private async Task<(HttpClient Admin, HttpClient Operator, Guid Structure)> StructureAsync(string tag)
    {
        var (adminAccount, admin) = await TestAccounts.LoggedInAsync(factory, "Admin" + tag);
        var structure = await TestAccounts.StructureAsync(factory, adminAccount.Id);
        var op = factory.CreateClient();
        await TestAccounts.OperatorAsync(factory, op);
        return (admin, op, structure);
    }

    // A new account of the structure, pending, logged in (a pending account may log in to send its document).
    private async Task<(TestAccount Account, HttpClient Http)> PendingAsync(Guid structure)
    {
        var http = factory.CreateClient();
        var account = await TestAccounts.RegisterAsync(http, structure, "Attente");
        await TestAccounts.LoginAsync(factory, http, account);
        return (account, http);
    }
}
