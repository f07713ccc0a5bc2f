using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collab.Contracts.Access;
using Collab.Contracts.Groups;
using Collab.Contracts.Keys;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Testing;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.WebTests.Security;

/// <summary>
/// Every endpoint of the OpenAPI document and every hub method, called by each kind of caller: the answer expected
/// of each is written in one table below, and no cell may be a server error. The last column is the rightful user of
/// that row (named in its comment); targets that a call changes are made afresh for each cell.
/// </summary>
public sealed partial class AccessMatrixTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    /// <summary>The callers, in the order of each row's expected answers.</summary>
    public enum Who { Anonymous, Pending, Suspended, Restricted, Outsider, OtherStructure, StructureAdmin, Operator, Rightful }

    private const int Ok = 200, Created = 201, NoContent = 204, Found = 302, Bad = 400, Unauth = 401, Forbid = 403, Missing = 404, Conflict = 409;

    // A proof of identity: only a pending account sends one (any other answers 409).
    private static readonly byte[] IdentityDocument = "%PDF-1.4 carte professionnelle"u8.ToArray();

    // Only an active account reaches /api/v1 (pending and restricted: 403; a suspended account's session ended: 401).
    private static int[] Api(int outsider, int otherStructure, int admin, int @operator, int rightful) =>
        [Unauth, Forbid, Unauth, Forbid, outsider, otherStructure, admin, @operator, rightful];

    // No session reaches a mailbox key endpoint: only the key (the rightful caller presents the lab's).
    private static readonly int[] KeyOnly = [Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Ok];

    private static readonly object Lookup = new { lastName = "Personne", firstName = "Inconnue", birthDate = "1950-01-02" };

    private static readonly object BreachReport = new
    {
        what = "Perte d'un ordinateur portable",
        occurredAt = "2026-11-30T08:00:00Z",
        detectedAt = "2026-11-30T09:00:00Z",
        data = "Adresses électroniques professionnelles",
        cause = "Vol",
        measures = "Comptes réinitialisés",
    };

    private static readonly Row[] Rows =
    [
        //                                                                               anon    pending suspend restrict outsider other-st admin   operator rightful
        new("POST", "/account/register", [Created, Created, Created, Created, Created, Created, Created, Created, Created], w => w.Register(), "anyone"),
        new("POST", "/account/login", [Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Ok], w => w.Login(), "a holder with the right password"),
        new("POST", "/account/login/code", [Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, NoContent], w => w.LoginCode(), "a holder past the password step"),
        new("POST", "/account/login/passkey", [Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Ok], w => w.PasskeyLogin(), "a holder with a passkey, past the password step", FreshSession: true),
        new("POST", "/account/login/verify", [Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Ok], w => w.LoginVerify(), "a holder with the emailed code"),
        new("POST", "/account/logout", [NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent], w => w.Post("/account/logout"), "anyone", FreshSession: true),
        new("POST", "/account/password", [Unauth, Bad, Unauth, Bad, Bad, Bad, Bad, Bad, NoContent], w => w.ChangePassword(), "the holder", FreshAccount: true),
        new("POST", "/account/recover", [Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Ok], w => w.Recover(), "a holder with the recovery code"),
        new("GET", "/account/me", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Get("/account/me"), "the holder"),
        new("POST", "/account/terms", [Unauth, NoContent, Unauth, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent], w => w.PostJson("/account/terms", new { version = 1 }), "the holder"),
        new("POST", "/account/reauthenticate", [Unauth, NoContent, Unauth, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent], w => w.PostJson("/account/reauthenticate", new { password = w.Password }), "the holder"),
        new("POST", "/account/totp", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Post("/account/totp"), "the holder"),
        new("POST", "/account/totp/confirm", [Unauth, Bad, Unauth, Bad, Bad, Bad, Bad, Bad, NoContent], w => w.ConfirmTotp(), "the holder with the authenticator's code", FreshSession: true),
        new("GET", "/account/profile", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Get("/account/profile"), "the holder"),
        new("PUT", "/account/profile", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.PutJson("/account/profile", new { phone = "0612345678", places = new[] { "Matrice, service de test" } }), "the holder"),
        new("POST", "/account/email", [Unauth, 202, Unauth, 202, 202, 202, 202, 202, 202], w => w.PostJson("/account/email", new { email = $"nouvelle.{Guid.NewGuid():N}@example.org" }), "the holder"),
        new("POST", "/account/email/code", [Unauth, NoContent, Unauth, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent], w => w.Post("/account/email/code"), "the holder"),
        new("POST", "/account/email/confirm", [Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, Unauth, NoContent], w => w.ConfirmEmail(), "whoever holds the code sent to the address"),
        new("PUT", "/account/identity-document", [Unauth, NoContent, Unauth, Conflict, Conflict, Conflict, Conflict, Conflict, NoContent], w => w.PutBytes("/account/identity-document", IdentityDocument, "application/pdf"), "a pending holder", FreshRightful: w => w.FreshPendingAsync()),
        new("PUT", "/account/red-list", [Unauth, NoContent, Unauth, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent], w => w.PutJson("/account/red-list", new { enabled = false }), "the holder"),
        new("PUT", "/account/notifications/sms", [Unauth, NoContent, Unauth, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent], w => w.PutJson("/account/notifications/sms", new { enabled = false }), "the holder"),
        new("GET", "/account/sessions", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Get("/account/sessions"), "the holder"),
        new("DELETE", "/account/sessions", [Unauth, NoContent, Unauth, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent], w => w.Delete("/account/sessions"), "the holder", FreshAccount: true),
        new("GET", "/account/passkeys", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Get("/account/passkeys"), "the holder"),
        new("POST", "/account/passkeys/options", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Post("/account/passkeys/options"), "the holder"),
        new("POST", "/account/passkeys", [Unauth, Created, Unauth, Created, Created, Created, Created, Created, Created], w => w.AddPasskey(), "the holder, answering their own ceremony", FreshSession: true),
        new("DELETE", "/account/passkeys/{id}", [Unauth, Missing, Unauth, Missing, Missing, Missing, Missing, Missing, NoContent], w => w.RemovePasskey(), "the holder of the passkey", FreshSession: true),
        new("GET", "/account/devices", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Get("/account/devices"), "the holder"),
        new("DELETE", "/account/devices/{id}", [Unauth, Missing, Unauth, Missing, Missing, Missing, Missing, Missing, NoContent], w => w.RevokeDevice(), "the holder of the device", FreshSession: true),
        new("DELETE", "/account", [Unauth, Ok, Unauth, Ok, Ok, Ok, Ok, Ok, Ok], w => w.Delete("/account"), "the holder", FreshAccount: true),

        new("GET", "/api/v1/practitioners/{id}", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get($"/api/v1/practitioners/{w.World.Doctor.Account.Id}"), "the doctor themself"),
        new("POST", "/api/v1/practitioners/{id}/validate", Api(Forbid, Forbid, Ok, Ok, Ok), async w => await w.Post($"/api/v1/practitioners/{await w.World.AccountAsync(AccountStatus.Pending)}/validate"), "the structure's admin"),
        new("POST", "/api/v1/practitioners/{id}/reject", Api(Forbid, Forbid, Ok, Ok, Ok), async w => await w.Post($"/api/v1/practitioners/{await w.World.AccountAsync(AccountStatus.Pending)}/reject"), "the structure's admin"),
        new("POST", "/api/v1/practitioners/{id}/suspend", Api(Forbid, Forbid, Ok, Ok, Ok), async w => await w.Post($"/api/v1/practitioners/{await w.World.AccountAsync(AccountStatus.Active)}/suspend"), "the structure's admin"),
        new("POST", "/api/v1/practitioners/{id}/reactivate", Api(Forbid, Forbid, Ok, Ok, Ok), async w => await w.Post($"/api/v1/practitioners/{await w.World.AccountAsync(AccountStatus.Suspended)}/reactivate"), "the structure's admin"),
        new("POST", "/api/v1/practitioners/{id}/restriction-warning", Api(Forbid, Forbid, Ok, Ok, Ok), async w => await w.PostJson($"/api/v1/practitioners/{await w.World.AccountAsync(AccountStatus.Active)}/restriction-warning", new { reason = "Nombreux dossiers ouverts" }), "the structure's admin"),
        new("POST", "/api/v1/practitioners/{id}/restrict", Api(Forbid, Forbid, Ok, Ok, Ok), async w => await w.Post($"/api/v1/practitioners/{await w.World.AccountAsync(AccountStatus.Active, warned: true)}/restrict"), "the structure's admin"),
        new("GET", "/api/v1/practitioners/{id}/identity-document", Api(Forbid, Forbid, Ok, Ok, Ok), async w => await w.Get($"/api/v1/practitioners/{await w.World.PendingWithDocumentAsync()}/identity-document"), "the structure's admin holding its recovery key"),
        new("POST", "/api/v1/practitioners/{id}/escrow-reset", Api(Forbid, Forbid, NoContent, Forbid, NoContent), async w => await w.PostJson($"/api/v1/practitioners/{await w.World.AccountAsync(AccountStatus.Active)}/escrow-reset", new { temporaryPassword = "un mot de passe provisoire" }), "the structure's admin holding its recovery key"),

        new("GET", "/api/v1/directory", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get("/api/v1/directory?text=cardio"), "any active account"),

        new("POST", "/api/v1/structures", Api(Forbid, Forbid, Forbid, Created, Created), async w => await w.PostJson("/api/v1/structures", new { name = "Clinique Neuve", finess = "690000005", city = "Lyon", firstAdmin = await w.World.AccountAsync(AccountStatus.Active, structure: null) }), "the operator"),
        new("GET", "/api/v1/statistics", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/statistics?structure={w.World.Structure}"), "its admin"),
        new("GET", "/api/v1/statistics/{table}.csv", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/statistics/months.csv?structure={w.World.Structure}"), "its admin"),
        new("GET", "/api/v1/structures/{id}", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get($"/api/v1/structures/{w.World.Structure}"), "its admin"),
        new("DELETE", "/api/v1/structures/{id}/admins/{admin}", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.Delete($"/api/v1/structures/{w.World.Structure}/admins/{await w.World.ExtraAdminAsync()}"), "its admin"),
        new("POST", "/api/v1/structures/{id}/admins", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.PostJson($"/api/v1/structures/{w.World.Structure}/admins", new { practitioner = await w.World.AccountAsync(AccountStatus.Active) }), "its admin"),
        new("PUT", "/api/v1/structures/{id}/retention", Api(Forbid, Forbid, NoContent, NoContent, NoContent), w => w.PutJson($"/api/v1/structures/{w.World.Structure}/retention", new { days = 120 }), "its admin"),
        new("PUT", "/api/v1/structures/{id}/discussion-keep", Api(Forbid, Forbid, NoContent, NoContent, NoContent), w => w.PutJson($"/api/v1/structures/{w.World.Structure}/discussion-keep", new { allowed = true }), "its admin"),
        new("GET", "/api/v1/structures/{id}/export", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/structures/{w.World.Structure}/export"), "its admin"),
        new("POST", "/api/v1/structures/{id}/end-of-contract", Api(Forbid, Forbid, Forbid, Ok, Ok), async w => await w.PostJson($"/api/v1/structures/{await w.World.ExportedStructureAsync()}/end-of-contract", new { finess = "690000005" }), "the operator"),

        new("POST", "/api/v1/groups", Api(Forbid, Forbid, Created, Created, Created), w => w.PostJson("/api/v1/groups", new { name = "Rythmologie", structure = w.World.Structure, founder = w.World.Doctor.Account.Id }), "the structure's admin"),
        new("GET", "/api/v1/groups", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get("/api/v1/groups"), "a member"),
        new("GET", "/api/v1/groups/{id}", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/groups/{w.World.Group}"), "the group's admin"),
        new("POST", "/api/v1/groups/{id}/invitations", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.PostJson($"/api/v1/groups/{w.World.Group}/invitations", new { practitioner = await w.World.AccountAsync(AccountStatus.Active), role = "Doctor" }), "the group's admin"),
        new("POST", "/api/v1/groups/{id}/accept", Api(Missing, Missing, Missing, Missing, NoContent), w => w.Post($"/api/v1/groups/{w.World.Group}/accept"), "the invitee", FreshRightful: w => w.InviteeAsync()),
        new("POST", "/api/v1/groups/{id}/members/{member}/confirm", Api(Forbid, Forbid, Forbid, Forbid, NoContent), async w => await w.Post($"/api/v1/groups/{w.World.Group}/members/{await w.World.MemberAsync(MembershipState.Accepted)}/confirm"), "a member holding the group's keys"),
        new("PUT", "/api/v1/groups/{id}/members/{member}/role", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.PutJson($"/api/v1/groups/{w.World.Group}/members/{await w.World.MemberAsync(MembershipState.Accepted)}/role", new { role = "Assistant" }), "the group's admin"),
        new("DELETE", "/api/v1/groups/{id}/members/{member}", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.Delete($"/api/v1/groups/{w.World.Group}/members/{await w.World.MemberAsync(MembershipState.Invited)}"), "the group's admin"),
        new("PUT", "/api/v1/groups/{id}/retention", Api(Forbid, Forbid, NoContent, NoContent, NoContent), w => w.PutJson($"/api/v1/groups/{w.World.Group}/retention", new { days = 60 }), "the group's admin"),
        new("DELETE", "/api/v1/groups/{id}/retention", Api(Forbid, Forbid, NoContent, NoContent, NoContent), w => w.Delete($"/api/v1/groups/{w.World.Group}/retention"), "the group's admin"),

        new("POST", "/api/v1/consultations", Api(Created, Created, Created, Forbid, Created), w => w.PostJson("/api/v1/consultations", w.World.Request(send: false)), "any care provider (not the operator)"),
        new("GET", "/api/v1/consultations", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get("/api/v1/consultations?box=Sent"), "the holder of the inbox"),
        new("POST", "/api/v1/discussions", Api(Created, Created, Created, Forbid, Created), w => w.PostJson("/api/v1/discussions", new { people = new[] { w.World.Doctor.Account.Id }, name = "Matrice" }), "any care provider (not the operator)"),
        new("GET", "/api/v1/discussions", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get("/api/v1/discussions"), "the holder of the list"),
        new("GET", "/api/v1/mail", Api(Ok, Ok, Ok, Forbid, Ok), w => w.Get("/api/v1/mail"), "the holder of the mailbox (each caller's own)"),
        new("POST", "/api/v1/mail", Api(Created, Created, Created, Forbid, Created), w => w.PostJson("/api/v1/mail", new { to = new[] { w.World.Doctor.Account.Id }, subject = "Matrice", body = "Corps" }), "any care provider (not the operator)"),
        new("GET", "/api/v1/mail/folders/{folder}", Api(Ok, Ok, Ok, Forbid, Ok), w => w.Get("/api/v1/mail/folders/Inbox"), "the holder of the mailbox (each caller's own)"),
        new("GET", "/api/v1/mail/messages/{sequence}", Api(Missing, Missing, Missing, Forbid, Ok), async w => await w.Get($"/api/v1/mail/messages/{await w.World.MailToDoctorAsync()}"), "the mailbox's holder"),
        new("PUT", "/api/v1/mail/messages/{sequence}/folder", Api(Missing, Missing, Missing, Forbid, NoContent), async w => await w.PutJson($"/api/v1/mail/messages/{await w.World.MailToDoctorAsync()}/folder", new { folder = "Archive" }), "the mailbox's holder"),
        new("PUT", "/api/v1/mail/messages/{sequence}/flag", Api(Missing, Missing, Missing, Forbid, NoContent), async w => await w.PutJson($"/api/v1/mail/messages/{await w.World.MailToDoctorAsync()}/flag", new { flagged = true }), "the mailbox's holder"),
        new("DELETE", "/api/v1/mail/messages/{sequence}", Api(Missing, Missing, Missing, Forbid, NoContent), async w => await w.Delete($"/api/v1/mail/messages/{await w.World.MailToDoctorAsync()}"), "the mailbox's holder"),
        new("POST", "/api/v1/discussions/search", Api(Ok, Ok, Ok, Ok, Ok), w => w.PostJson("/api/v1/discussions/search", new { query = "matrice" }), "the holder of the list (their own discussions only)"),
        new("GET", "/api/v1/discussions/{id}", Api(Forbid, Forbid, Forbid, Forbid, Ok), w => w.Get($"/api/v1/discussions/{w.World.Discussion}"), "a member of the discussion"),
        new("POST", "/api/v1/discussions/{id}/members", Api(Forbid, Forbid, Forbid, Forbid, NoContent), async w => await w.PostJson($"/api/v1/discussions/{w.World.Discussion}/members", new { people = new[] { await w.World.AccountAsync(AccountStatus.Active) } }), "the discussion's owner"),
        new("DELETE", "/api/v1/discussions/{id}/members/{member}", Api(Forbid, Forbid, Forbid, Forbid, NoContent), async w => await w.Delete($"/api/v1/discussions/{await w.World.DiscussionAsync()}/members/{w.World.Gp.Account.Id}"), "the discussion's owner"),
        new("POST", "/api/v1/discussions/{id}/leave", Api(Forbid, Forbid, Forbid, Forbid, NoContent), async w => await w.Post($"/api/v1/discussions/{await w.World.DiscussionAsync()}/leave"), "a member of the discussion"),
        new("PUT", "/api/v1/discussions/{id}/name", Api(Forbid, Forbid, Forbid, Forbid, NoContent), w => w.PutJson($"/api/v1/discussions/{w.World.Discussion}/name", new { name = "Matrice renommée" }), "a member of the discussion"),
        new("PUT", "/api/v1/discussions/{id}/mute", Api(Forbid, Forbid, Forbid, Forbid, NoContent), w => w.PutJson($"/api/v1/discussions/{w.World.Discussion}/mute", new { muted = true }), "a member of the discussion"),
        new("PUT", "/api/v1/discussions/{id}/keep", Api(Forbid, Forbid, Forbid, Forbid, NoContent), w => w.PutJson($"/api/v1/discussions/{w.World.Discussion}/keep", new { keep = true }), "the discussion's owner"),
        new("POST", "/api/v1/consultations/{id}/{action}", Api(Forbid, Forbid, Forbid, Forbid, NoContent), async w => await w.Post($"/api/v1/consultations/{await w.World.RequestToGroupAsync()}/accept"), "a member of the group addressed"),
        new("POST", "/api/v1/consultations/{id}/billed", Api(Forbid, Forbid, Forbid, Forbid, NoContent), async w => await w.Post($"/api/v1/consultations/{await w.World.AnsweredAsync()}/billed"), "the one who answered"),
        new("PUT", "/api/v1/consultations/{id}/retention", Api(Forbid, Forbid, Forbid, Forbid, NoContent), w => w.PutJson($"/api/v1/consultations/{w.World.Consultation}/retention", new { days = 120 }), "the required party"),

        new("GET", "/api/v1/audit", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/audit?structure={w.World.Structure}"), "the structure's admin"),
        new("GET", "/api/v1/audit/export.csv", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/audit/export.csv?structure={w.World.Structure}"), "the structure's admin"),
        new("GET", "/api/v1/audit/consultations/{id}/readers", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/audit/consultations/{w.World.Consultation}/readers?structure={w.World.Structure}"), "the structure's admin"),
        new("GET", "/api/v1/audit/flags", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/audit/flags?structure={w.World.Structure}"), "the structure's admin"),

        new("GET", "/api/v1/me/export", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get("/api/v1/me/export"), "the holder"),
        new("POST", "/api/v1/patients/export", Api(Ok, Ok, Ok, Ok, Ok), w => w.PostJson("/api/v1/patients/export", Lookup), "a practitioner (their own consultations only)"),
        new("POST", "/api/v1/patients/rectification", Api(Ok, Ok, Ok, Ok, Ok), w => w.PostJson("/api/v1/patients/rectification", new { lookup = Lookup, patient = new { lastName = "Matrice", firstName = "Paul", birthDate = "1950-01-02", sex = "Male" } }), "a practitioner (their own consultations only)"),
        new("POST", "/api/v1/patients/opposition", Api(Ok, Ok, Ok, Ok, Ok), w => w.PostJson("/api/v1/patients/opposition", new { lookup = Lookup, opposes = false }), "a practitioner (their own consultations only)"),
        new("POST", "/api/v1/patients/erasure", Api(Ok, Ok, Ok, Ok, Ok), w => w.PostJson("/api/v1/patients/erasure", new { lookup = Lookup }), "a practitioner (their own consultations only)"),

        new("GET", "/api/v1/breaches", Api(Forbid, Forbid, Forbid, Ok, Ok), w => w.Get("/api/v1/breaches"), "the operator"),
        new("POST", "/api/v1/breaches", Api(Forbid, Forbid, Forbid, Created, Created), w => w.PostJson("/api/v1/breaches", BreachReport), "the operator"),
        new("POST", "/api/v1/breaches/{id}/notify", Api(Forbid, Forbid, Forbid, Ok, Ok), w => w.PostJson($"/api/v1/breaches/{w.World.Breach}/notify", new { emails = new[] { w.World.Outsider.Account.Email } }), "the operator"),

        new("GET", "/consultations/{id}/report.pdf", Api(Forbid, Forbid, Forbid, Forbid, Ok), w => w.Get($"/consultations/{w.World.Consultation}/report.pdf"), "a participant (the requester)"),
        new("GET", "/discussions/{id}/export.pdf", Api(Forbid, Forbid, Forbid, Forbid, Ok), w => w.Get($"/discussions/{w.World.Discussion}/export.pdf"), "a member of the discussion"),
        new("POST", "/api/v1/mail/search", Api(Ok, Ok, Ok, Forbid, Ok), w => w.PostJson("/api/v1/mail/search", new { query = "bilan" }), "the holder of the mailbox (each caller's own)"),
        new("GET", "/api/v1/mail/folders", Api(Ok, Ok, Ok, Forbid, Ok), w => w.Get("/api/v1/mail/folders"), "the holder of the mailbox (each caller's own)"),
        new("POST", "/api/v1/mail/folders", Api(Created, Created, Created, Forbid, Created), w => w.PostJson("/api/v1/mail/folders", new { name = "Suivi" }), "the holder of the mailbox (each caller's own)"),
        new("DELETE", "/api/v1/mail/folders/{folder}", Api(Missing, Missing, Missing, Forbid, NoContent), async w => await w.Delete($"/api/v1/mail/folders/{await w.World.DoctorFolderAsync()}"), "the mailbox's holder"),
        new("GET", "/api/v1/mail/shared", Api(Ok, Ok, Ok, Ok, Ok), w => w.Get("/api/v1/mail/shared"), "anyone active (the shared mailboxes they read: none for most)"),
        new("GET", "/api/v1/structures/{id}/mailboxes", Api(Forbid, Forbid, Ok, Ok, Ok), w => w.Get($"/api/v1/structures/{w.World.Structure}/mailboxes"), "its admin"),
        new("POST", "/api/v1/structures/{id}/mailboxes", Api(Forbid, Forbid, Created, Created, Created), w => w.PostJson($"/api/v1/structures/{w.World.Structure}/mailboxes", new { kind = "Organisational", name = $"service-{Guid.NewGuid():N}"[..20], responsible = w.World.Doctor.Account.Id }), "its admin"),
        new("PUT", "/api/v1/mailboxes/{id}/readers/{practitioner}", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.PutJson($"/api/v1/mailboxes/{w.World.SharedMailbox}/readers/{await w.World.AccountAsync(AccountStatus.Active)}", new { }), "its admin"),
        new("DELETE", "/api/v1/mailboxes/{id}/readers/{practitioner}", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.Delete($"/api/v1/mailboxes/{w.World.SharedMailbox}/readers/{await w.World.AccountAsync(AccountStatus.Active)}"), "its admin"),
        new("PUT", "/api/v1/mailboxes/{id}/responsible/{practitioner}", Api(Forbid, Forbid, NoContent, NoContent, NoContent), w => w.PutJson($"/api/v1/mailboxes/{w.World.SharedMailbox}/responsible/{w.World.Doctor.Account.Id}", new { }), "its admin"),
        new("POST", "/api/v1/mailboxes/{id}/keys", Api(Forbid, Forbid, Created, Created, Created), w => w.PostJson($"/api/v1/mailboxes/{w.World.LabMailbox}/keys", new { scopes = new[] { "Send" } }), "its admin"),
        new("POST", "/api/v1/mailboxes/{id}/keys/{key}/rotate", Api(Forbid, Forbid, Created, Created, Created), async w => await w.Post($"/api/v1/mailboxes/{w.World.LabMailbox}/keys/{await w.World.LabKeyAsync()}/rotate"), "its admin"),
        new("DELETE", "/api/v1/mailboxes/{id}/keys/{key}", Api(Forbid, Forbid, NoContent, NoContent, NoContent), async w => await w.Delete($"/api/v1/mailboxes/{w.World.LabMailbox}/keys/{await w.World.LabKeyAsync()}"), "its admin"),
        // Software with a receiving key of the lab's mailbox: nobody else, whatever their session.
        new("GET", "/mailbox-api/v1/messages", KeyOnly, w => w.WithLabKey(HttpMethod.Get, "/mailbox-api/v1/messages"), "software with a receiving key"),
        // (a real message for the key only: a session is refused before any message is looked at)
        new("GET", "/mailbox-api/v1/messages/{sequence}", KeyOnly, async w => await w.WithLabKey(HttpMethod.Get, $"/mailbox-api/v1/messages/{(w.Who == Who.Rightful ? await w.World.MailToLabAsync() : 1)}"), "software with a receiving key"),
        new("GET", "/mailbox-api/v1/messages/{sequence}/files/{fileId}", KeyOnly, async w => await w.WithLabKey(HttpMethod.Get, w.Who == Who.Rightful ? await w.World.MailFileToLabAsync() : $"/mailbox-api/v1/messages/1/files/{Guid.NewGuid()}"), "software with a receiving key"),
        new("DELETE", "/mailbox-api/v1/messages/{sequence}", [.. KeyOnly[..^1], NoContent], async w => await w.WithLabKey(HttpMethod.Delete, $"/mailbox-api/v1/messages/{(w.Who == Who.Rightful ? await w.World.MailToLabAsync() : 1)}"), "software with a receiving key"),
        new("GET", "/mail/messages/{sequence}/files/{fileId}", Api(Missing, Missing, Missing, Forbid, Ok), async w => await w.Get(await w.World.MailFileToDoctorAsync()), "the mailbox's holder"),
        new("GET", "/discussions/{id}/files/{sequence}", Api(Forbid, Forbid, Forbid, Forbid, Ok), w => w.Get($"/discussions/{w.World.Discussion}/files/{w.World.DiscussionFileSequence}"), "a member of the discussion"),
        new("GET", "/consultations/{id}/files/{sequence}", Api(Forbid, Forbid, Forbid, Forbid, Ok), w => w.Get($"/consultations/{w.World.Consultation}/files/{w.World.FileSequence}"), "a participant (the requester)"),
        // Twilio Video is not configured here (404 for everyone); its signed and unsigned callbacks: WebTests/Calls/TwilioVideoWebhookTests.
        new("POST", "/webhooks/twilio/video", [Missing, Missing, Missing, Missing, Missing, Missing, Missing, Missing, Missing], w => w.Post("/webhooks/twilio/video"), "Twilio, signing with the account's auth token"),
        new("GET", "/knowledge/cases/{id}/files/{sequence}", Api(Forbid, Forbid, Forbid, Forbid, Ok), w => w.Get($"/knowledge/cases/{w.World.NetworkCase}/files/2"), "the asker of the anonymous case (the GP)"),
        new("POST", "/patients/export.json", Api(Ok, Ok, Ok, Ok, Ok), w => w.ExportForm(), "a practitioner (their own consultations only)"),

        new("GET", "/culture/{culture}", [Found, Found, Found, Found, Found, Found, Found, Found, Found], w => w.Get("/culture/en?redirect=/"), "anyone"),
        new("POST", "/logout", [Found, Found, Found, Found, Found, Found, Found, Found, Found], w => w.Post("/logout"), "anyone", FreshSession: true),
    ];

    // Hub methods: "401" (no connection), "refused" (a HubException naming the refusal), "ok". The rightful user is the
    // consultation's requester, a member of the discussion.
    private static readonly HubRow[] HubRows =
    [
        //                              anon    pending    suspend  restrict   outsider   other-st   admin      operator   rightful
        new("Join", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("Send", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("Delete", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("MarkRead", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("Typing", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("JoinDiscussion", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("Send to a discussion", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("Resume", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("Resume a discussion", ["401", "refused", "401", "refused", "refused", "refused", "refused", "refused", "ok"]),
        new("Leave", ["401", "ok", "401", "ok", "ok", "ok", "ok", "ok", "ok"]),
        new("WatchInbox", ["401", "ok", "401", "ok", "ok", "ok", "ok", "ok", "ok"]),
    ];

    [Fact]
    public async Task The_table_covers_every_endpoint_of_the_openapi_document()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();

        var tabled = Rows.Select(r => $"{r.Method} {r.Path}").ToHashSet();

        Assert.Empty(documented.Except(tabled).Order());
        Assert.Empty(tabled.Except(documented).Order());
        Assert.All(Rows, r => Assert.Equal(9, r.Expected.Length));
    }

    [Fact]
    public void The_hub_table_covers_every_method_of_the_hub()
    {
        var methods = typeof(Web.Live.ConsultationHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(Web.Live.ConsultationHub))
            .Select(m => m.Name);

        Assert.Empty(methods.Except(HubRows.Select(r => r.Method)).Order());
    }

    [Fact]
    public async Task Every_endpoint_and_hub_method_answers_each_kind_of_caller_as_the_table_says_and_never_500()
    {
        var world = await World.CreateAsync(factory);
        var mismatches = new List<string>();
        foreach (var row in Rows)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                var call = await world.CallerAsync(row, who);
                int status;
                string body;
                try
                {
                    using var response = await row.Call(call);
                    status = (int)response.StatusCode;
                    body = await response.Content.ReadAsStringAsync();
                }
                catch (Exception e)
                {
                    status = -1;
                    body = e.ToString();
                }

                if (status != row.Expected[(int)who])
                {
                    mismatches.Add($"{row.Method} {row.Path} as {who}: expected {row.Expected[(int)who]}, got {status} {body[..Math.Min(body.Length, 200)]}");
                }
            }
        }

        foreach (var row in HubRows)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                var outcome = await world.HubAsync(row.Method, who);
                if (outcome != row.Expected[(int)who])
                {
                    mismatches.Add($"hub {row.Method} as {who}: expected {row.Expected[(int)who]}, got {outcome}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    /// <summary>One endpoint: its expected answer per caller (in <see cref="Who"/> order) and how to call it.</summary>
    public sealed record Row(
        string Method, string Path, int[] Expected, Func<Call, Task<HttpResponseMessage>> Call, string Rightful,
        bool FreshSession = false, bool FreshAccount = false, Func<World, Task<TestSession>>? FreshRightful = null);

    public sealed record HubRow(string Method, string[] Expected);

    /// <summary>One cell's caller: their client (none for the anonymous), their password, and the world.</summary>
    public sealed record Call(World World, Who Who, HttpClient Http, TestSession? Session)
    {
        public string Password => Session?.Account.Password ?? "";

        public Task<HttpResponseMessage> Get(string path) => Http.GetAsync(path);

        /// <summary>The rightful caller presents the lab mailbox's receiving key; every other one calls with their session only.</summary>
        public Task<HttpResponseMessage> WithLabKey(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            if (Who == Who.Rightful)
            {
                request.Headers.Authorization = new("Bearer", World.LabKey);
            }

            return Http.SendAsync(request);
        }

        public Task<HttpResponseMessage> Post(string path) => Http.PostAsync(path, null);

        public Task<HttpResponseMessage> Delete(string path) => Http.DeleteAsync(path);

        public Task<HttpResponseMessage> PostJson(string path, object body) => Http.PostAsJsonAsync(path, body);

        public Task<HttpResponseMessage> PutJson(string path, object body) => Http.PutAsJsonAsync(path, body);

        public Task<HttpResponseMessage> PutBytes(string path, byte[] body, string contentType) =>
            Http.PutAsync(path, new ByteArrayContent(body) { Headers = { ContentType = new(contentType) } });

        public async Task<HttpResponseMessage> Register()
        {
            var email = $"matrice.{Guid.NewGuid():N}@example.org";
            return await Http.PostAsJsonAsync("/account/register", new
            {
                lastName = "Matrice",
                firstName = "Paul",
                profession = "Physician",
                identifier = new { kind = "Rpps", number = TestAccounts.NextRpps() },
                email,
                phone = "+33612345678",
                password = "une phrase de passe de la matrice",
                acceptTerms = true,
            });
        }

        // The rightful user: a fresh account with its password, on a fresh client. Everyone else: an email nobody has.
        public async Task<HttpResponseMessage> Login()
        {
            if (Who != Who.Rightful)
            {
                return await Http.PostAsJsonAsync("/account/login", new { email = $"personne.{Guid.NewGuid():N}@example.org", password = "une phrase de passe au hasard" });
            }

            var (email, password) = await World.LoginIdentityAsync();
            return await World.FreshClient().PostAsJsonAsync("/account/login", new { email, password });
        }

        public async Task<HttpResponseMessage> LoginCode()
        {
            if (Who != Who.Rightful)
            {
                return await Http.PostAsJsonAsync("/account/login/code", new { channel = "EmailCode" });
            }

            var (email, password) = await World.LoginIdentityAsync();
            var client = World.FreshClient();
            await client.PostAsJsonAsync("/account/login", new { email, password });
            return await client.PostAsJsonAsync("/account/login/code", new { channel = "EmailCode" });
        }

        public async Task<HttpResponseMessage> LoginVerify()
        {
            if (Who != Who.Rightful)
            {
                return await Http.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code = "000000" });
            }

            var (email, password) = await World.LoginIdentityAsync();
            var client = World.FreshClient();
            await client.PostAsJsonAsync("/account/login", new { email, password });
            var code = await TestAccounts.EmailedCodeAsync(World.Factory, client, new TestAccount(Guid.Empty, email, password, ""));
            return await client.PostAsJsonAsync("/account/login/verify", new { factor = "EmailCode", code });
        }

        public Task<HttpResponseMessage> ChangePassword() => Who == Who.Rightful
            ? Http.PostAsJsonAsync("/account/password", new { currentPassword = Password, newPassword = "une phrase de passe toute neuve" })
            : Http.PostAsJsonAsync("/account/password", new { currentPassword = "pas celui-là", newPassword = "court" }); // refused before any password is checked

        public async Task<HttpResponseMessage> Recover()
        {
            if (Who != Who.Rightful)
            {
                return await Http.PostAsJsonAsync("/account/recover", new { email = $"personne.{Guid.NewGuid():N}@example.org", recoveryCode = "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AA", newPassword = "une phrase de passe toute neuve" });
            }

            var account = await TestAccounts.RegisterAsync(World.FreshClient(), lastName: "Oubli");
            return await Http.PostAsJsonAsync("/account/recover", new { email = account.Email, recoveryCode = account.RecoveryCode, newPassword = "une phrase de passe toute neuve" });
        }

        public async Task<HttpResponseMessage> ConfirmTotp()
        {
            if (Who != Who.Rightful)
            {
                return await Http.PostAsJsonAsync("/account/totp/confirm", new { code = "000000" });
            }

            var enrollment = await (await Http.PostAsync("/account/totp", null)).Content.ReadFromJsonAsync<JsonElement>();
            var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()));
            return await Http.PostAsJsonAsync("/account/totp/confirm", new { code = totp.ComputeTotp(World.Factory.Clock.GetUtcNow().UtcDateTime) });
        }

        // The rightful caller: a new account, with the code sent to its address. Everyone else: a code nobody sent.
        public async Task<HttpResponseMessage> ConfirmEmail()
        {
            if (Who != Who.Rightful)
            {
                return await Http.PostAsJsonAsync("/account/email/confirm", new { email = $"personne.{Guid.NewGuid():N}@example.org", code = "000000" });
            }

            var account = await TestAccounts.RegisterAsync(World.FreshClient(), lastName: "Preuve");
            return await World.FreshClient().PostAsJsonAsync("/account/email/confirm", new { email = account.Email, code = TestAccounts.EmailProofCode(World.Factory, account.Email) });
        }

        // Each caller adds a passkey to their own account, through the whole ceremony (answered by a software authenticator).
        public async Task<HttpResponseMessage> AddPasskey()
        {
            using var authenticator = new Account.SoftwareAuthenticator("http://localhost:5080");
            var options = await Http.PostAsync("/account/passkeys/options", null);
            return options.IsSuccessStatusCode
                ? await Http.PostAsJsonAsync("/account/passkeys", new { credential = authenticator.Create(await options.Content.ReadFromJsonAsync<JsonElement>()), name = "Matrice" })
                : options;
        }

        // The rightful caller removes a passkey of their own; everyone else names one that is not theirs.
        public async Task<HttpResponseMessage> RemovePasskey()
        {
            if (Who != Who.Rightful)
            {
                return await Http.DeleteAsync($"/account/passkeys/{Guid.NewGuid()}");
            }

            var added = await (await AddPasskey()).Content.ReadFromJsonAsync<JsonElement>();
            return await Http.DeleteAsync($"/account/passkeys/{added.GetProperty("id").GetGuid()}");
        }

        // The rightful user: past the password step of an account with a passkey. Everyone else: no password step.
        public async Task<HttpResponseMessage> PasskeyLogin()
        {
            if (Who != Who.Rightful)
            {
                return await Http.PostAsync("/account/login/passkey", null);
            }

            await AddPasskey();
            var client = World.FreshClient();
            await client.PostAsJsonAsync("/account/login", new { email = Session!.Account.Email, password = Session.Account.Password });
            return await client.PostAsync("/account/login/passkey", null);
        }

        public async Task<HttpResponseMessage> RevokeDevice()
        {
            if (Who != Who.Rightful)
            {
                return await Http.DeleteAsync($"/account/devices/{Guid.NewGuid()}");
            }

            var device = await World.Factory.Cluster.GetGrain<IPractitionerLoginGrain>(Session!.Account.Id).RememberDevice("poste", Caller.Practitioner(Session.Account.Id, null, null));
            _ = device;
            var devices = await World.Factory.Cluster.GetGrain<IPractitionerLoginGrain>(Session.Account.Id).GetDevices(Caller.Practitioner(Session.Account.Id, null, null));
            return await Http.DeleteAsync($"/account/devices/{devices[0].Id}");
        }

        public async Task<HttpResponseMessage> ExportForm()
        {
            var token = Session is null ? "" : AntiforgeryToken().Match(await (await Http.GetAsync("/patients")).Content.ReadAsStringAsync()).Groups[1].Value;
            return await Http.PostAsync("/patients/export.json", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Form.LastName"] = "Personne",
                ["Form.FirstName"] = "Inconnue",
                ["Form.BirthDate"] = "1950-01-02",
            }));
        }
    }

    /// <summary>
    /// Hôpital A with its admin and a cardiology group founded by a doctor; structure B with a member; a GP outside,
    /// whose request to the group the doctor accepted, with a file; the operator; pending, suspended and restricted
    /// accounts; a recorded breach.
    /// </summary>
    public sealed class World
    {
        private static readonly Caller Platform = Caller.System("tests");
        private const string SharedPassword = "une phrase de passe partagée";
        private readonly Dictionary<Who, TestSession?> _personas = [];
        private UserKeyMaterial _keysWithEscrow = null!;
        private UserKeyMaterial _keys = null!;

        private World(CollabWebFactory factory) => Factory = factory;

        public CollabWebFactory Factory { get; }

        public TestSession Admin { get; private set; } = null!;

        public TestSession Doctor { get; private set; } = null!;

        public TestSession Gp { get; private set; } = null!;

        public TestSession Outsider { get; private set; } = null!;

        public Guid Structure { get; private set; }

        public Guid OtherStructure { get; private set; }

        public Guid Group { get; private set; }

        public Guid Consultation { get; private set; }

        /// <summary>A discussion the doctor started with the GP.</summary>
        public Guid Discussion { get; private set; }

        /// <summary>The place of a PDF the GP posted in <see cref="Discussion"/>.</summary>
        public long DiscussionFileSequence { get; private set; }

        public long FileSequence { get; private set; }

        /// <summary>An anonymous case the GP asked the doctor's network, with a picture at 2.</summary>
        public Guid NetworkCase { get; private set; }

        public Guid Breach { get; private set; }

        /// <summary>Hôpital A's cardiology mailbox (the doctor responsible) and its lab's applicative mailbox.</summary>
        public Guid SharedMailbox { get; private set; }

        public Guid LabMailbox { get; private set; }

        /// <summary>The lab mailbox's receiving key and address.</summary>
        public string LabKey { get; private set; } = "";

        public string LabAddress { get; private set; } = "";

        /// <summary>A new message from the GP in the lab's mailbox: its place there (read with the lab's key).</summary>
        public async Task<long> MailToLabAsync() => (await MailToLabWithFileAsync()).Sequence;

        /// <summary>A new message with a PDF from the GP in the lab's mailbox: the key endpoint's address of the file.</summary>
        public async Task<string> MailFileToLabAsync()
        {
            var (sequence, file) = await MailToLabWithFileAsync();
            return $"/mailbox-api/v1/messages/{sequence}/files/{file}";
        }

        private async Task<(long Sequence, Guid File)> MailToLabWithFileAsync()
        {
            var file = await PdfFromGpAsync(LabAddress);
            var request = new HttpRequestMessage(HttpMethod.Get, "/mailbox-api/v1/messages?take=1");
            request.Headers.Authorization = new("Bearer", LabKey);
            var inbox = await (await FreshClient().SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            return (inbox[0].GetProperty("sequence").GetInt64(), file);
        }

        /// <summary>A new sending key of the lab's mailbox (issued by the platform): its id.</summary>
        public async Task<Guid> LabKeyAsync() =>
            (await Factory.Cluster.GetGrain<IMailboxGrain>(LabMailbox).IssueKey(MailKeyScopes.Send, Platform)).Id;

        public static async Task<World> CreateAsync(CollabWebFactory factory)
        {
            var w = new World(factory);
            w.Admin = await TestSessions.ActiveAsync(factory, "Admin");
            w.Structure = await TestAccounts.StructureAsync(factory, w.Admin.Account.Id, "Hôpital A");
            var recovery = (await factory.Cluster.GetGrain<IStructureGrain>(w.Structure).Get())!.RecoveryPublicKey;
            w._keysWithEscrow = Web.Account.PasswordWork.NewKeyMaterial(SharedPassword, recovery, factory.PasswordKdf).Material;
            w._keys = Web.Account.PasswordWork.NewKeyMaterial(SharedPassword, null, factory.PasswordKdf).Material;
            w.OtherStructure = await TestAccounts.StructureAsync(factory, await w.AccountAsync(AccountStatus.Active, structure: null), "Hôpital B");
            w.Doctor = await TestSessions.ActiveAsync(factory, "Cardiologue", w.Structure);
            w.Group = Guid.NewGuid();
            await factory.Cluster.GetGrain<IGroupGrain>(w.Group).Create(new GroupInfo("Cardiologie", w.Structure), new PractitionerId(w.Doctor.Account.Id), Platform);
            w.Gp = await TestSessions.ActiveAsync(factory, "Generaliste");
            w.Outsider = await TestSessions.ActiveAsync(factory, "Dehors");
            w.Consultation = await TestConsultations.RequestToGroupAsync(w.Gp.Http, w.Group, "Souffle ?");
            Assert.True((await w.Doctor.Http.PostAsync($"/api/v1/consultations/{w.Consultation}/accept", null)).IsSuccessStatusCode);
            w.FileSequence = await w.AttachFileAsync();
            w.Discussion = await w.DiscussionAsync();
            w.SharedMailbox = Guid.NewGuid();
            await factory.Cluster.GetGrain<IMailboxGrain>(w.SharedMailbox).Create(new SharedMailboxSpec(MailboxKind.Organisational, w.Structure, "cardiologie", new PractitionerId(w.Doctor.Account.Id), []), Platform);
            w.LabMailbox = Guid.NewGuid();
            w.LabAddress = (await factory.Cluster.GetGrain<IMailboxGrain>(w.LabMailbox).Create(new SharedMailboxSpec(MailboxKind.Applicative, w.Structure, "laboratoire", new PractitionerId(w.Doctor.Account.Id), []), Platform)).Address;
            w.LabKey = (await factory.Cluster.GetGrain<IMailboxGrain>(w.LabMailbox).IssueKey(MailKeyScopes.Send | MailKeyScopes.Receive, Platform)).Secret;
            w.DiscussionFileSequence = await w.AttachFileAsync(discussion: true);
            w.NetworkCase = await w.NetworkCaseWithPictureAsync();

            var operatorClient = TestSessions.Client(factory);
            var operatorAccount = await TestAccounts.OperatorAsync(factory, operatorClient.Http);
            w._personas[Who.Operator] = new TestSession(operatorAccount, operatorClient.Http, operatorClient.Cookies);
            var breach = await operatorClient.Http.PostAsJsonAsync("/api/v1/breaches", BreachReport);
            w.Breach = (await breach.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            var pending = TestSessions.Client(factory);
            var pendingAccount = await TestAccounts.RegisterAsync(pending.Http, lastName: "Attente");
            await TestAccounts.LoginAsync(factory, pending.Http, pendingAccount);
            w._personas[Who.Pending] = new TestSession(pendingAccount, pending.Http, pending.Cookies);
            var suspended = await TestSessions.ActiveAsync(factory, "Suspendu", w.Structure);
            await factory.Cluster.GetGrain<IPractitionerStandingGrain>(suspended.Account.Id).Suspend(Platform);
            w._personas[Who.Suspended] = suspended;
            var restricted = await TestSessions.ActiveAsync(factory, "Restreint", w.Structure);
            await factory.Cluster.GetGrain<IPractitionerStandingGrain>(restricted.Account.Id).WarnOfRestriction("Accès nombreux", Platform);
            await factory.Cluster.GetGrain<IPractitionerStandingGrain>(restricted.Account.Id).Restrict(Platform);
            w._personas[Who.Restricted] = restricted;
            w._personas[Who.Outsider] = w.Outsider;
            w._personas[Who.OtherStructure] = await TestSessions.ActiveAsync(factory, "Ailleurs", w.OtherStructure);
            w._personas[Who.StructureAdmin] = w.Admin;
            w._personas[Who.Anonymous] = null;
            return w;
        }

        public HttpClient FreshClient() => TestSessions.Client(Factory).Http;

        /// <summary>A new folder of the doctor's own: its number.</summary>
        public async Task<int> DoctorFolderAsync()
        {
            var created = await Doctor.Http.PostAsJsonAsync("/api/v1/mail/folders", new { name = "A supprimer" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        /// <summary>A new message from the GP in the doctor's inbox: its place there.</summary>
        public async Task<long> MailToDoctorAsync()
        {
            var sent = await Gp.Http.PostAsJsonAsync("/api/v1/mail", new { to = new[] { Doctor.Account.Id }, subject = "Pour la matrice", body = "Un message." });
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            var inbox = await Doctor.Http.GetFromJsonAsync<JsonElement>("/api/v1/mail/folders/Inbox?take=1");
            return inbox[0].GetProperty("sequence").GetInt64();
        }

        /// <summary>A new discussion the doctor starts with the GP and a third colleague (for rows that change it).</summary>
        public async Task<Guid> DiscussionAsync()
        {
            var started = await Doctor.Http.PostAsJsonAsync("/api/v1/discussions", new { people = new[] { Gp.Account.Id, await AccountAsync(AccountStatus.Active) } });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        /// <summary>The client of one cell: the persona's own, a new login of theirs, a new account of their kind, or the row's rightful user.</summary>
        public async Task<Call> CallerAsync(Row row, Who who)
        {
            TestSession? session = who == Who.Rightful ? await RightfulAsync(row) : _personas[who];
            if (who is not (Who.Anonymous or Who.Suspended) && (session is not null || row.FreshAccount))
            {
                if (row.FreshAccount)
                {
                    session = await FreshPersonaAsync(who);
                }
                else if (row.FreshSession)
                {
                    session = await TestSessions.AgainAsync(Factory, session!.Account);
                }
            }

            return new Call(this, who, session?.Http ?? FreshClient(), session);
        }

        public async Task<string> HubAsync(string method, Who who)
        {
            var session = who == Who.Rightful ? Gp : _personas[who];
            if (session is null)
            {
                var negotiate = await FreshClient().PostAsync($"{Web.Live.ConsultationHub.Path}/negotiate?negotiateVersion=1", null);
                return negotiate.StatusCode == HttpStatusCode.Unauthorized ? "401" : $"negotiate {(int)negotiate.StatusCode}";
            }

            await using var hub = session.Hub(Factory);
            try
            {
                await hub.StartAsync();
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                return "401";
            }

            try
            {
                var own = who == Who.Rightful ? await hub.InvokeAsync<long>("Send", Consultation, Guid.NewGuid(), "pour la matrice") : 1;
                switch (method)
                {
                    case "Join": await hub.InvokeAsync("Join", Consultation, 0L); break;
                    case "Send": await hub.InvokeAsync<long>("Send", Consultation, Guid.NewGuid(), "bonjour"); break;
                    case "Delete": await hub.InvokeAsync("Delete", Consultation, own); break;
                    case "MarkRead": await hub.InvokeAsync("MarkRead", Consultation, own); break;
                    case "Typing": await hub.InvokeAsync("Typing", Consultation); break;
                    case "JoinDiscussion": await hub.InvokeAsync("JoinDiscussion", Discussion, 0L); break;
                    case "Send to a discussion":
                        await hub.InvokeAsync("JoinDiscussion", Discussion, 0L);
                        await hub.InvokeAsync<long>("Send", Discussion, Guid.NewGuid(), "bonjour");
                        break;
                    case "Resume": await hub.InvokeAsync("Resume", Consultation, 0L, false); break;
                    case "Resume a discussion": await hub.InvokeAsync("Resume", Discussion, 0L, true); break;
                    case "Leave": await hub.InvokeAsync("Leave", Consultation); break;
                    case "WatchInbox": await hub.InvokeAsync("WatchInbox"); break;
                    default: throw new ArgumentOutOfRangeException(nameof(method));
                }

                return "ok";
            }
            catch (HubException e)
            {
                // A deliberate refusal reaches the client as "… HubException: <code>: <reason>"; any other exception type is the hub's 500.
                return e.Message.Contains("HubException: ", StringComparison.Ordinal) && !e.Message.Contains("InternalServerError", StringComparison.Ordinal)
                    ? "refused"
                    : $"error: {e.Message}";
            }
        }

        /// <summary>A new account (no Argon2 run: every one shares one key pair), in Hôpital A unless told otherwise.</summary>
        /// <summary>A pending account of the structure that sent its proof of identity.</summary>
        public async Task<Guid> PendingWithDocumentAsync()
        {
            var id = await AccountAsync(AccountStatus.Pending);
            await Factory.Services.GetRequiredService<Web.Practitioners.IdentityDocuments>()
                .AttachAsync(id, new MemoryStream(IdentityDocument), IdentityDocument.Length, Caller.Practitioner(id, null, null));
            return id;
        }

        /// <summary>A new administrator of the structure (one a cell may remove).</summary>
        public async Task<Guid> ExtraAdminAsync()
        {
            var id = await AccountAsync(AccountStatus.Active);
            await Factory.Cluster.GetGrain<IStructureGrain>(Structure).AddAdmin(new PractitionerId(id), null, Platform);
            return id;
        }

        /// <summary>A new pending account, logged in.</summary>
        public Task<TestSession> FreshPendingAsync() => FreshPersonaAsync(Who.Pending);

        public async Task<Guid> AccountAsync(AccountStatus status, bool warned = false, Guid? structure = default, string? email = null)
        {
            var target = structure == default ? Structure : structure;
            var id = Guid.NewGuid();
            await Factory.Cluster.GetGrain<IPractitionerGrain>(id).Register(new PractitionerRegistration("Cible", "Anne", Profession.Physician, new ProfessionalIdentifier(IdentifierKind.Rpps, TestAccounts.NextRpps()),
                email ?? $"cible.{id:N}@example.org", "+33612345678", "Cardiologie", target, 1, target == Structure ? _keysWithEscrow : _keys), Platform);
            var grain = Factory.Cluster.GetGrain<IPractitionerStandingGrain>(id);
            if (status == AccountStatus.Pending)
            {
                // The address proved with the code sent to it: an administrator may then validate it.
                var account = Factory.Cluster.GetGrain<IPractitionerGrain>(id);
                await account.SendEmailProof(Caller.Practitioner(id, null, null));
                await account.ConfirmEmail(TestAccounts.EmailProofCode(Factory, email ?? $"cible.{id:N}@example.org"), Platform);
            }
            else
            {
                await grain.Validate(Platform);
            }

            if (status == AccountStatus.Suspended)
            {
                await grain.Suspend(Platform);
            }

            if (warned || status == AccountStatus.Restricted)
            {
                await grain.WarnOfRestriction("Accès nombreux", Platform);
            }

            if (status == AccountStatus.Restricted)
            {
                await grain.Restrict(Platform);
            }

            return id;
        }

        /// <summary>An email and password that log in (a fresh active account).</summary>
        public async Task<(string Email, string Password)> LoginIdentityAsync()
        {
            var email = $"entree.{Guid.NewGuid():N}@example.org";
            await AccountAsync(AccountStatus.Active, structure: null, email: email);
            return (email, SharedPassword);
        }

        /// <summary>A new structure, exported already (as an end of contract requires), with its own first admin.</summary>
        public async Task<Guid> ExportedStructureAsync()
        {
            var id = Guid.NewGuid();
            var structure = Factory.Cluster.GetGrain<IStructureGrain>(id);
            await structure.Create(new StructureInfo("Clinique Sortante", "690000005", "Lyon"), new PractitionerId(await AccountAsync(AccountStatus.Active, structure: null)), Platform);
            await structure.Export(Platform);
            return id;
        }

        /// <summary>A member of the group at <paramref name="state"/>, invited by its founder.</summary>
        public async Task<Guid> MemberAsync(MembershipState state)
        {
            var member = await AccountAsync(AccountStatus.Active);
            var group = Factory.Cluster.GetGrain<IGroupGrain>(Group);
            await group.Invite(new PractitionerId(member), GroupRole.Doctor, Caller.Practitioner(Doctor.Account.Id, null, null));
            if (state == MembershipState.Accepted)
            {
                await group.Accept(Caller.Practitioner(member, null, null));
            }

            return member;
        }

        /// <summary>A new account invited into the group by its founder, logged in: the rightful caller of "accept".</summary>
        public async Task<TestSession> InviteeAsync()
        {
            var email = $"invite.{Guid.NewGuid():N}@example.org";
            var id = await AccountAsync(AccountStatus.Active, email: email);
            await Factory.Cluster.GetGrain<IGroupGrain>(Group).Invite(new PractitionerId(id), GroupRole.Doctor, Caller.Practitioner(Doctor.Account.Id, null, null));
            var (http, cookies) = TestSessions.Client(Factory);
            var account = new TestAccount(id, email, SharedPassword, "");
            await TestAccounts.LoginAsync(Factory, http, account);
            return new TestSession(account, http, cookies);
        }

        public object Request(bool send) => new
        {
            requiredPractitioner = Doctor.Account.Id,
            patient = new { lastName = "Matrice", firstName = "Paul", birthDate = "1950-01-02", sex = "Male" },
            question = "Avis ?",
            description = "Contexte.",
            consentToShare = true,
            send,
        };

        public Task<Guid> RequestToGroupAsync() => TestConsultations.RequestToGroupAsync(Gp.Http, Group, "Avis du groupe ?");

        /// <summary>A request to the doctor, accepted and answered with an act code: billable.</summary>
        public async Task<Guid> AnsweredAsync()
        {
            var id = await TestConsultations.RequestAsync(Gp.Http, Doctor.Account.Id, "Avis facturable ?");
            await Doctor.Http.PostAsync($"/api/v1/consultations/{id}/accept", null);
            await Doctor.Http.PostAsJsonAsync($"/api/v1/consultations/{id}/answer", new { opinion = "Avis.", actCode = "TE2" });
            return id;
        }

        private async Task<TestSession?> RightfulAsync(Row row)
        {
            if (row.FreshRightful is { } fresh)
            {
                return await fresh(this);
            }

            return row.Rightful switch
            {
                "the structure's admin" or "its admin" or "the structure's admin holding its recovery key" => Admin,
                "the operator" => _personas[Who.Operator],
                "the doctor themself" or "the group's admin" or "a member holding the group's keys" or "a member of the group addressed"
                    or "the one who answered" or "the required party" or "the discussion's owner" or "the mailbox's holder" => Doctor,
                _ => Gp,
            };
        }

        // For a row that deletes the caller's account: a new account of the same kind, logged in.
        private async Task<TestSession> FreshPersonaAsync(Who who)
        {
            var email = $"jetable.{Guid.NewGuid():N}@example.org";
            Guid id;
            switch (who)
            {
                case Who.Pending:
                    id = await AccountAsync(AccountStatus.Pending, structure: null, email: email);
                    break;
                case Who.Restricted:
                    id = await AccountAsync(AccountStatus.Restricted, email: email);
                    break;
                case Who.OtherStructure:
                    id = await AccountAsync(AccountStatus.Active, structure: OtherStructure, email: email);
                    break;
                case Who.StructureAdmin:
                    id = await AccountAsync(AccountStatus.Active, email: email);
                    await Factory.Cluster.GetGrain<IStructureGrain>(Structure).AddAdmin(new PractitionerId(id), null, Platform);
                    break;
                case Who.Operator:
                    id = await AccountAsync(AccountStatus.Active, structure: null, email: email);
                    await Factory.Cluster.GetGrain<IPractitionerGrain>(id).GrantOperator(Platform);
                    break;
                default:
                    id = await AccountAsync(AccountStatus.Active, structure: null, email: email);
                    break;
            }

            var (http, cookies) = TestSessions.Client(Factory);
            var account = new TestAccount(id, email, SharedPassword, "");
            await TestAccounts.LoginAsync(Factory, http, account);
            return new TestSession(account, http, cookies);
        }

        /// <summary>A message with a PDF from the GP in the doctor's inbox, as the webmail sends it: the attachment's address.</summary>
        public async Task<string> MailFileToDoctorAsync()
        {
            var file = await PdfFromGpAsync(Doctor.Account.Id.ToString());
            var inbox = await Doctor.Http.GetFromJsonAsync<JsonElement>("/api/v1/mail/folders/Inbox?take=1");
            return $"/mail/messages/{inbox[0].GetProperty("sequence").GetInt64()}/files/{file}";
        }

        // The GP sends a message with a PDF, as the webmail does (the file encrypted into the store first): the file's id.
        private async Task<Guid> PdfFromGpAsync(string to)
        {
            var (caller, unlock) = await GpKeysAsync();
            var mail = new Web.Mailboxes.MailClient(Factory.Cluster, new PractitionerId(Gp.Account.Id), unlock, caller, Factory.Services.GetRequiredService<Web.Mailboxes.MailPost>());
            var store = Factory.Services.GetRequiredService<Grains.Consultations.IAttachmentStore>();
            var content = "%PDF-1.4 résultats de biologie"u8.ToArray();
            var messageId = Guid.NewGuid();
            var file = await Web.Conversations.ConversationClient.StoreFileAsync(store, messageId, new MemoryStream(content), "bilan.pdf", "application/pdf", content.Length);
            await mail.SendAsync([to], "Bilan", "Ci-joint.", messageId, [file]);
            return file.FileId!.Value;
        }

        // What the GP's session holds: their caller and their key pair, unlocked with their password at each use.
        private async Task<(Caller Caller, Func<UserKeyPair> Unlock)> GpKeysAsync()
        {
            var caller = Caller.Practitioner(Gp.Account.Id, null, "tests");
            var stored = (await Factory.Cluster.GetGrain<IPractitionerKeysGrain>(Gp.Account.Id).GetKeys(caller))!;
            return (caller, () => UserKeyWrapping.UnwrapWithPassword(stored.PasswordWrapped, stored.PublicKey, Gp.Account.Password));
        }

        // The requester attaches a file, as the consultation page does: encrypted on their side, chunks stored, an item pointing to it.
        // The GP posts a PDF in the consultation (or, with discussions, in the discussion).
        private async Task<Guid> NetworkCaseWithPictureAsync()
        {
            var network = Guid.NewGuid();
            await Factory.Cluster.GetGrain<IGroupGrain>(network).Create(new GroupInfo("Réseau de cardiologie", Structure, "Cardiologie"), new PractitionerId(Doctor.Account.Id), Platform);
            var (caller, unlock) = await GpKeysAsync();
            var knowledge = new Web.Knowledge.KnowledgeClient(Factory.Cluster, new PractitionerId(Gp.Account.Id), unlock, caller);
            var id = await knowledge.AskAsync(network, Contracts.Knowledge.AgeBand.Adult, Contracts.Knowledge.CaseSex.Female, false, "Palpitations ?");
            await knowledge.PostImageAsync(await knowledge.GetAsync(id), Factory.Services.GetRequiredService<Grains.Consultations.IAttachmentStore>(), TestImages.Png("x"));
            return id;
        }

        private async Task<long> AttachFileAsync(bool discussion = false)
        {
            var (caller, unlock) = await GpKeysAsync();
            Web.Conversations.ConversationClient client = discussion
                ? new Web.Discussions.DiscussionClient(Factory.Cluster, new PractitionerId(Gp.Account.Id), unlock, caller)
                : new ConsultationClient(Factory.Cluster, new PractitionerId(Gp.Account.Id), unlock, caller);
            var target = discussion ? Discussion : Consultation;
            var store = Factory.Services.GetRequiredService<Grains.Consultations.IAttachmentStore>();
            var content = "%PDF-1.4 compte rendu d'échographie"u8.ToArray();
            var body = await Web.Conversations.ConversationClient.StoreFileAsync(store, target, new MemoryStream(content), "echo.pdf", "application/pdf", content.Length);
            return await client.PostAsync(target, body, Guid.NewGuid(), seen: 0);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
