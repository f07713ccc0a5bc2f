using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Web.Account;

namespace Collab.Web.Demo;

/// <summary>
/// On the first run in Development: the operator, "Hôpital Démo" with its admin and a cardiology
/// service of two cardiologists, and a general practitioner outside it. Logins are printed once
/// (and listed in README). <c>./collab run --no-demo</c> sets Demo:Enabled=false.
/// </summary>
public sealed partial class DemoData(IClusterClient cluster, IHostEnvironment environment, IConfiguration configuration, PasswordWork work, ILogger<DemoData> logger) : IHostedService
{
    /// <summary>The password of every demo account (Development only, documented in README).</summary>
    public const string Password = "collab demo 2026";

    private static readonly Caller Seed = Caller.System("demo");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue("Demo:Enabled", true)
            || await cluster.Grain<IDirectoryGrain>(0).FindByEmail("operateur@collab.demo") is not null)
        {
            return;
        }

        var operatorId = await AccountAsync("Opérateur", "Camille", Profession.Administrator, null, "operateur@collab.demo", null, IdentifierKind.Adeli, "750000001");
        await cluster.Grain<IPractitionerGrain>(operatorId).GrantOperator(Seed);
        var adminId = await AccountAsync("Admin", "Sophie", Profession.Administrator, null, "admin@hopital-demo.fr", null, IdentifierKind.Adeli, "750000002");

        var hospital = Guid.NewGuid();
        await cluster.Grain<IStructureGrain>(hospital).Create(new StructureInfo("Hôpital Démo", "750712184", "Paris"), new PractitionerId(adminId), Seed);
        var martin = await AccountAsync("Martin", "Claire", Profession.Physician, "Cardiologie", "claire.martin@hopital-demo.fr", hospital, IdentifierKind.Rpps, "10003456786");
        var bernard = await AccountAsync("Bernard", "Louis", Profession.Physician, "Cardiologie", "louis.bernard@hopital-demo.fr", hospital, IdentifierKind.Rpps, "10000000009");
        await AccountAsync("Petit", "Julie", Profession.Physician, "Médecine générale", "julie.petit@cabinet-demo.fr", null, IdentifierKind.Rpps, "10000000017");

        var cardiology = Guid.NewGuid();
        var service = cluster.Grain<IGroupGrain>(cardiology);
        await service.Create(new GroupInfo("Cardiologie", hospital), new PractitionerId(martin), Seed);
        await service.Invite(new PractitionerId(bernard), GroupRole.Doctor, Seed);
        await service.Accept(Caller.Practitioner(bernard, null, "demo"));
        // Louis gets the service's keys the first time Claire (a ring holder) opens the group.

        // A specialist network general practitioners may ask anonymously (the knowledge base).
        var network = cluster.Grain<IGroupGrain>(Guid.NewGuid());
        await network.Create(new GroupInfo("Réseau de cardiologie", hospital, "Cardiologie"), new PractitionerId(martin), Seed);
        await network.Invite(new PractitionerId(bernard), GroupRole.Doctor, Seed);
        await network.Accept(Caller.Practitioner(bernard, null, "demo"));

        LogLogins(Password);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<Guid> AccountAsync(string last, string first, Profession profession, string? specialty, string email, Guid? structure, IdentifierKind kind, string number)
    {
        var id = PractitionerId.New();
        var (keys, _) = PasswordWork.NewKeyMaterial(Password, null, work.Kdf);
        await cluster.Grain<IPractitionerGrain>(id.Value).Register(
            new PractitionerRegistration(last, first, profession, new ProfessionalIdentifier(kind, number), email, "+33600000000", specialty, structure,
                configuration.GetValue("Terms:Version", 1), keys),
            Seed);
        await cluster.Grain<IPractitionerStandingGrain>(id.Value).Validate(Seed);
        return id.Value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = """
        Demo data created (Development only; shown once). Password for every account: "{Password}". Second factor: the emailed code at /dev/outbox.
          operator            operateur@collab.demo
          Hôpital Démo admin  admin@hopital-demo.fr
          cardiologists       claire.martin@hopital-demo.fr, louis.bernard@hopital-demo.fr (service "Cardiologie")
          GP (no structure)   julie.petit@cabinet-demo.fr
        """)]
    private partial void LogLogins(string password);
}
