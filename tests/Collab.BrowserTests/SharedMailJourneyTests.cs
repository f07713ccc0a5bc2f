using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Testing;
using Collab.Web.Demo;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Collab.BrowserTests;

/// <summary>
/// A service's shared mailbox on the demo data: the hospital's administrator creates the cardiology mailbox for Dr Claire
/// Martin and Dr Louis Bernard and the lab's applicative mailbox with a sending key; the lab's software sends a report by
/// SMTP (MailKit); both cardiologists read it in the webmail, a third member of the hospital does not see the mailbox.
/// </summary>
public sealed class SharedMailJourneyTests() : BrowserTest(demo: true, smtp: true)
{
    [Fact]
    public async Task The_admin_sets_up_the_cardiology_mailbox_the_lab_sends_by_smtp_and_the_two_granted_cardiologists_read_it_in_the_webmail()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var admin = await NewPageAsync();
        await LogInWithEmailedCodeAsync(admin, "admin@hopital-demo.fr", DemoData.Password);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Boîtes partagées" }).ClickAsync();
        await CreateAsync(admin, "Organisationnelle", "Cardiologie", "Martin", "Bernard");
        var service = admin.GetByTestId("shared-cardiologie");
        await Assertions.Expect(service).ToContainTextAsync("cardiologie.hopital-demo@collab.localhost");
        await Assertions.Expect(service).ToContainTextAsync("Louis Bernard");
        await CreateAsync(admin, "Applicative", "Laboratoire", "Martin");
        await admin.ScreenshotAsync(new() { Path = Screenshot("shared-mailboxes.png"), FullPage = true }); // before a key is shown
        await admin.GetByTestId("shared-laboratoire").GetByRole(AriaRole.Button, new() { Name = "Nouvelle clé (envoi)" }).ClickAsync();
        var key = (await admin.GetByTestId("key-secret").Locator("code").TextContentAsync())!.Trim();

        var report = Encoding.ASCII.GetBytes($"%PDF-1.4 kaliemie {tag}");
        using (var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true })
        {
            await smtp.ConnectAsync("127.0.0.1", Factory.SmtpPort, SecureSocketOptions.StartTls);
            await smtp.AuthenticateAsync("laboratoire.hopital-demo@collab.localhost", key);
            var message = new MimeMessage { Subject = $"Bilan sanguin {tag}" };
            message.From.Add(MailboxAddress.Parse("laboratoire.hopital-demo@collab.localhost"));
            message.To.Add(MailboxAddress.Parse("cardiologie.hopital-demo@collab.localhost"));
            var body = new BodyBuilder { TextBody = $"Kaliémie 6,1 mmol/L. corps{tag}" };
            body.Attachments.Add("bilan.pdf", report, ContentType.Parse("application/pdf"));
            message.Body = body.ToMessageBody();
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(true);
        }

        foreach (var email in new[] { "claire.martin@hopital-demo.fr", "louis.bernard@hopital-demo.fr" })
        {
            var reader = await NewPageAsync();
            await LogInWithEmailedCodeAsync(reader, email, DemoData.Password);
            await reader.GotoAsync($"{Base}/mail");
            await reader.GetByTestId("mailboxes").GetByRole(AriaRole.Button, new() { NameRegex = new("^cardiologie\\.hopital-demo@collab\\.localhost") }).ClickAsync();
            await Assertions.Expect(reader.GetByTestId("mail-address")).ToContainTextAsync("cardiologie.hopital-demo@collab.localhost");
            await reader.GetByTestId("mail-list").GetByRole(AriaRole.Button, new() { Name = $"Bilan sanguin {tag}" }).ClickAsync();
            await Assertions.Expect(reader.GetByTestId("mail-body")).ToHaveTextAsync($"Kaliémie 6,1 mmol/L. corps{tag}");
            var download = await reader.RunAndWaitForDownloadAsync(() => reader.GetByTestId("mail-attachments").GetByRole(AriaRole.Link, new() { Name = "bilan.pdf" }).ClickAsync());
            Assert.Equal(report, await File.ReadAllBytesAsync(await download.PathAsync()));
            await reader.ScreenshotAsync(new() { Path = Screenshot("shared-mail-read.png"), FullPage = true });
        }

        // A third practitioner of the hospital, never granted: no shared mailbox, and the report nowhere on their page.
        var hospital = (await Factory.Services.GetRequiredService<Collab.Web.Directory.DirectoryService>().StructuresAsync()).Single(s => s.Name == "Hôpital Démo").Id;
        var http = Factory.CreateClient();
        var third = await TestAccounts.RegisterAsync(http, hospital, "Tierce");
        await Factory.Cluster.GetGrain<IPractitionerStandingGrain>(third.Id).Validate(Caller.System("tests"));
        var outsider = await NewPageAsync();
        await LogInWithEmailedCodeAsync(outsider, third.Email, third.Password);
        await outsider.GotoAsync($"{Base}/mail");
        await Assertions.Expect(outsider.GetByTestId("mail-address")).ToBeVisibleAsync();
        await Assertions.Expect(outsider.GetByTestId("mailboxes")).ToHaveCountAsync(0);
        Assert.DoesNotContain($"Bilan sanguin {tag}", await outsider.ContentAsync());
    }

    // The creation form: kind, name, then the responsible professional and the readers found in the directory.
    private static async Task CreateAsync(IPage admin, string kind, string name, params string[] people)
    {
        var form = admin.GetByTestId("create-mailbox");
        await form.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = kind });
        await form.GetByLabel("Nom (avant la structure)").FillAsync(name);
        foreach (var person in people)
        {
            await form.GetByRole(AriaRole.Searchbox, new() { Name = "Chercher un confrère" }).FillAsync(person);
            await form.GetByRole(AriaRole.Button, new() { Name = "Chercher un confrère" }).ClickAsync();
            await form.GetByRole(AriaRole.Button, new() { NameRegex = new($"^Ajouter {person} ") }).ClickAsync();
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "Créer la boîte" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId($"shared-{name.ToLowerInvariant()}")).ToBeVisibleAsync();
    }
}
