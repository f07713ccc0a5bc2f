using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Knowledge;
using Collab.Contracts.Practitioners;
using Collab.Grains.Knowledge;
using Collab.Silo.Knowledge;
using Collab.Testing;
using Collab.Testing.Knowledge;
using Collab.Web.Consultations;
using Collab.Web.Knowledge;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Knowledge;

/// <summary>
/// Anonymous questions to a specialist network, on a cluster whose knowledge index is recorded in PostgreSQL and sent to
/// Elasticsearch (the loopback server): who reads what, the asker's anonymity, publication through the gate, and an
/// index that holds none of the planted identifiers.
/// </summary>
public sealed class NetworkCaseTests : IAsyncLifetime
{
    // Planted in the question and the answer: each must be gone from every index and every document sent.
    private const string PatientName = "Durandeau";
    private const string Nir = "1 85 05 75 115 423 57";
    private const string Phone = "06 12 34 56 78";
    private const string Email = "m.durandeau@example.org";
    private const string AnswererRpps = "10003456786";

    private LoopbackElasticsearch _elasticsearch = null!;
    private ClusterHarness _harness = null!;

    private IGrainFactory Grains => _harness.Grains;

    public async Task InitializeAsync()
    {
        _elasticsearch = await LoopbackElasticsearch.StartAsync();
        var search = new ElasticsearchKnowledgeIndex(ElasticsearchKnowledgeIndex.Client(_elasticsearch.Url, null), "collab-knowledge");
        await search.ApplyTemplateAsync();
        _harness = await ClusterHarness.StartAsync(configure: silo => silo.Services.AddSingleton<IKnowledgeIndex>(sp =>
            new RecordedKnowledgeIndex(sp.GetRequiredService<PostgresKnowledgeIndex>(), search)));
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _elasticsearch.DisposeAsync();
    }

    [Fact]
    public async Task An_anonymous_question_goes_through_the_gate_to_the_index_and_the_index_holds_no_identifier()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Lefebvre");
        var answerer = await Clinician.RegisterAsync(Grains, "Moreau");
        var reviewer = await Clinician.RegisterAsync(Grains, "Girard");
        var network = await answerer.FoundNetworkAsync("Réseau de cardiologie", "Cardiologie", reviewer);
        var asking = await gp.KnowledgeAsync();

        var id = await asking.AskAsync(network, AgeBand.Adult, CaseSex.Female, revealAsker: false,
            $"Mme {PatientName}, NIR {Nir}, joignable au {Phone} ou {Email} : palpitations à l'effort depuis le 03/02/2026, ECG normal. Faut-il un Holter ?");
        var answering = await answerer.KnowledgeAsync();
        var seen = await answering.GetAsync(id);
        Assert.Null(seen.Asker); // the network does not know who asked
        Assert.Null(seen.SeatSealedToAsker);
        await answering.PostAsync(seen, $"Oui, un Holter de 24 heures puis une épreuve d'effort. Dr Moreau (RPPS {AnswererRpps}), CHU de Rennes.");

        var mine = await asking.GetAsync(id);
        var thread = await asking.ReadAsync(mine);
        Assert.Equal(2, thread.Count);
        Assert.True(thread[0].FromAsker);
        Assert.Equal(id, thread[0].Author!.Value.Value); // the asker's messages name the case, not the person
        Assert.Equal(answerer.Id, thread[1].Author);

        // The gate, as the page runs it before the author reads and edits.
        var known = new Deidentifier.Known([PatientName]);
        var draft = KnowledgeClient.Check(new CasePublication(thread[0].Text!, thread[1].Text!, "Palpitations d'effort : Holter puis épreuve d'effort."), known);
        Assert.Contains(draft.Removed, r => r.Kind == Deidentifier.NirKind);
        Assert.Contains(draft.Removed, r => r.Kind == Deidentifier.PhoneKind);
        Assert.Contains(draft.Removed, r => r.Kind == Deidentifier.EmailKind);
        Assert.Contains(draft.Removed, r => r.Kind == Deidentifier.NameKind);
        // Text the gate would still clean is not sent: the author gets the cleaning back.
        var refused = await asking.ProposeAsync(mine, new CasePublication(thread[0].Text!, thread[1].Text!, "Holter."), ["I48"], 2, known);
        Assert.Equal(draft.Cleaned.Question, refused!.Value.Cleaned.Question);
        Assert.Equal(NetworkCaseStatus.Asked, (await asking.GetAsync(id)).Status);
        Assert.Null(await asking.ProposeAsync(mine, draft.Cleaned, ["i48", "R00.2"], 2, known));

        var review = await (await reviewer.KnowledgeAsync()).GetAsync(id);
        Assert.Equal(NetworkCaseStatus.Proposed, review.Status);
        var published = await (await reviewer.KnowledgeAsync()).ApproveAsync(review);

        var searching = await (await Clinician.RegisterAsync(Grains, "Roux")).KnowledgeAsync();
        var found = await searching.SearchAsync(new KnowledgeQuery("holter", Chapter: "IX"));
        var hit = Assert.Single(found.Hits);
        Assert.Equal(published, hit.Document.Id);
        Assert.Equal(["I48", "R00.2"], hit.Document.IcdCodes);
        Assert.Equal(["IX", "XVIII"], hit.Document.IcdChapters.Order());
        Assert.Contains("février 2026", hit.Document.Question);

        // The index scan: the PostgreSQL index and every request sent to Elasticsearch hold none of the identifiers.
        var recorded = string.Join("\n", (await _harness.Database.RowsAsync("SELECT * FROM knowledge_document")).SelectMany(r => r).Select(v => v?.ToString()));
        var sent = string.Join("\n", _elasticsearch.Received.Select(r => r.Body));
        Assert.Contains("Holter", sent);
        var forbidden = new[]
        {
            PatientName, Nir, Nir.Replace(" ", "", StringComparison.Ordinal), Phone, Email, AnswererRpps, "Moreau", "Lefebvre", "Girard", "Rennes",
            id.ToString(), id.ToString("N"), gp.Id.Value.ToString(), answerer.Id.Value.ToString(), reviewer.Id.Value.ToString(), network.ToString(),
        };
        foreach (var text in new[] { recorded, sent })
        {
            Assert.DoesNotContain(forbidden, f => text.Contains(f, StringComparison.OrdinalIgnoreCase));
        }

        // Withdrawn by its author: gone from both at once.
        await asking.WithdrawAsync(id);
        Assert.Empty((await searching.SearchAsync(new KnowledgeQuery("holter"))).Hits);
        Assert.Empty(_elasticsearch.Documents("collab-knowledge"));
        Assert.Equal(0L, await _harness.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge_document"));
    }

    [Fact]
    public async Task A_consultation_is_published_only_when_both_parties_consent_to_the_same_text_and_the_index_holds_none_of_its_identities()
    {
        const string patientNir = "2 58 03 75 115 423 35";
        var gp = await Clinician.RegisterAsync(Grains, "Lefebvre");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Moreau");
        var reviewer = await Clinician.RegisterAsync(Grains, "Girard");
        var outsider = await Clinician.RegisterAsync(Grains, "Roux");
        var network = await reviewer.FoundNetworkAsync("Réseau de cardiologie", "Cardiologie", cardiologist);
        var id = Guid.NewGuid();
        var gpClient = await gp.ClientAsync();
        await gpClient.CreateDraftAsync(
            new RequestInput(cardiologist.Id, null, new PatientIdentity("Durandeau", "Maryse", new DateOnly(1958, 3, 14), PatientSex.Female, patientNir),
                "Maryse Durandeau, née le 14/03/1958 : palpitations à l'effort, ECG normal. Holter ?", "Pas d'antécédent.", false, null, true),
            id);
        await Grains.GetGrain<IConsultationGrain>(id).Act(ConsultationAction.Send, new(), gp.Caller);
        await (await cardiologist.ClientAsync()).ActAsync(id, ConsultationAction.Accept);
        await (await cardiologist.ClientAsync()).AnswerAsync(id, "Holter de 24 heures pour Mme Durandeau, puis épreuve d'effort. Dr Moreau.", "TE2");

        var opened = await gpClient.OpenAsync(id);
        var known = KnowledgeClient.KnownOf(opened, ["Lefebvre Jean", "Moreau Paul"]);
        var draft = KnowledgeClient.Check(new CasePublication(opened.Question, opened.Opinion!, "Palpitations d'effort : Holter."), known);
        Assert.Contains(draft.Removed, r => r.Kind == Deidentifier.NameKind && r.Original == "Durandeau");
        Assert.Contains(draft.Removed, r => r.Kind == Deidentifier.DateKind);
        Assert.DoesNotContain("Moreau", draft.Cleaned.Answer, StringComparison.Ordinal);
        var asking = await gp.KnowledgeAsync();

        // Only a closed consultation, and only through the gate.
        var open = await Assert.ThrowsAsync<DomainException>(() => asking.SubmitConsultationAsync(opened, network, draft.Cleaned, ["R00.2"], known));
        Assert.Equal("consultation", Assert.Single(open.Errors).Field);
        await Grains.GetGrain<IConsultationGrain>(id).Act(ConsultationAction.Close, new(), gp.Caller);
        opened = await gpClient.OpenAsync(id);
        Assert.NotNull(await asking.SubmitConsultationAsync(opened, network, new CasePublication(opened.Question, "Holter.", "Holter."), ["R00.2"], known));
        Assert.Null(await asking.SubmitConsultationAsync(opened, network, draft.Cleaned, ["R00.2"], known));
        var caseId = ConsultationSubmission.CaseIdOf(id);
        var grain = Grains.GetGrain<INetworkCaseGrain>(caseId);

        // Before the other party consents the network sees nothing; an outsider never; the proposer cannot consent for both.
        foreach (var caller in new[] { reviewer.Caller, outsider.Caller })
        {
            Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Get(caller))).Code);
        }

        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Consent(NetworkCaseGrain.Digest(draft.Cleaned), gp.Caller))).Code);
        Assert.Empty(await Grains.GetGrain<IKnowledgeCaseListGrain>(network).List(reviewer.Caller));
        var answering = await cardiologist.KnowledgeAsync();
        var asked = await answering.GetAsync(caseId);
        Assert.True(asked.CallerMustConsent);
        Assert.Equal(NetworkCaseStatus.AwaitingConsent, asked.Status);
        Assert.Equal(AgeBand.Senior, asked.AgeBand); // 68 when asked
        Assert.Equal(CaseSex.Female, asked.Sex);
        Assert.Equal(draft.Cleaned, await answering.OpenProposalAsync(asked));
        var other = await Assert.ThrowsAsync<DomainException>(() => grain.Consent(NetworkCaseGrain.Digest(draft.Cleaned with { Summary = "Autre." }), cardiologist.Caller));
        Assert.Equal("digest", Assert.Single(other.Errors).Field);
        await answering.ConsentAsync(asked);

        // The network reviews it now: it sees neither party; the answerer, an author, cannot review it.
        var review = await (await reviewer.KnowledgeAsync()).GetAsync(caseId);
        Assert.Equal(NetworkCaseStatus.Proposed, review.Status);
        Assert.Null(review.Asker);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Approve(draft.Cleaned, cardiologist.Caller))).Code);
        var published = await (await reviewer.KnowledgeAsync()).ApproveAsync(review);
        var hit = Assert.Single((await (await outsider.KnowledgeAsync()).SearchAsync(new KnowledgeQuery("palpitations holter"))).Hits);
        Assert.Equal(published, hit.Document.Id);
        Assert.Contains("[date de naissance]", hit.Document.Question, StringComparison.Ordinal);
        Assert.Equal(AgeBand.Senior, hit.Document.AgeBand);

        // The index scan: no identity of the consultation, its patient or its parties, and not its id.
        var recorded = string.Join("\n", (await _harness.Database.RowsAsync("SELECT * FROM knowledge_document")).SelectMany(r => r).Select(v => v?.ToString()));
        var sent = string.Join("\n", _elasticsearch.Received.Select(r => r.Body));
        var forbidden = new[]
        {
            "Durandeau", "Maryse", patientNir, patientNir.Replace(" ", "", StringComparison.Ordinal), "1958", "Moreau", "Lefebvre", "Girard",
            id.ToString(), id.ToString("N"), caseId.ToString(), gp.Id.Value.ToString(), cardiologist.Id.Value.ToString(), network.ToString(),
        };
        foreach (var text in new[] { recorded, sent })
        {
            Assert.DoesNotContain(forbidden, f => text.Contains(f, StringComparison.OrdinalIgnoreCase));
        }

        // A consultation has one case; a party withdraws it from the index.
        Assert.Equal(DomainErrorCode.Conflict, (await Assert.ThrowsAsync<DomainException>(() => asking.SubmitConsultationAsync(opened, network, draft.Cleaned, ["R00.2"], known))).Code);
        await answering.WithdrawAsync(caseId);
        Assert.Empty((await (await outsider.KnowledgeAsync()).SearchAsync(new KnowledgeQuery("palpitations"))).Hits);
    }

    [Fact]
    public async Task A_consultation_whose_patient_opposes_is_not_proposed_and_a_refusal_ends_the_proposal()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Lefebvre");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Moreau");
        var network = await (await Clinician.RegisterAsync(Grains, "Girard")).FoundNetworkAsync("Réseau de cardiologie", "Cardiologie");
        var text = new CasePublication("Palpitations d'effort ?", "Holter de 24 heures.", "Holter.");
        async Task<OpenConsultation> ClosedAsync(Guid id)
        {
            await gp.CreateConsultationAsync(id, cardiologist, null);
            await (await cardiologist.ClientAsync()).ActAsync(id, ConsultationAction.Accept);
            await (await cardiologist.ClientAsync()).AnswerAsync(id, "Holter.", "TE2");
            await Grains.GetGrain<IConsultationGrain>(id).Act(ConsultationAction.Close, new(), gp.Caller);
            return await (await gp.ClientAsync()).OpenAsync(id);
        }

        var opposed = Guid.NewGuid();
        await ClosedAsync(opposed);
        await (await gp.ClientAsync()).SetOppositionAsync(opposed, true, "refus exprimé par téléphone");
        var opened = await (await gp.ClientAsync()).OpenAsync(opposed);
        var knowledge = await gp.KnowledgeAsync();
        var refused = await Assert.ThrowsAsync<DomainException>(() => knowledge.SubmitConsultationAsync(opened, network, text, ["R00.2"], KnowledgeClient.KnownOf(opened, [])));
        Assert.Equal("consultation", Assert.Single(refused.Errors).Field);

        // The answerer proposes this time; the requester refuses: nothing reaches the network, and it cannot be consented to later.
        var id = Guid.NewGuid();
        var closed = await ClosedAsync(id);
        var answering = await cardiologist.KnowledgeAsync();
        Assert.Null(await answering.SubmitConsultationAsync(await (await cardiologist.ClientAsync()).OpenAsync(id), network, text, ["R00.2"], KnowledgeClient.KnownOf(closed, [])));
        var caseId = ConsultationSubmission.CaseIdOf(id);
        var mine = await (await gp.KnowledgeAsync()).GetAsync(caseId);
        Assert.True(mine.CallerMustConsent);
        await (await gp.KnowledgeAsync()).WithdrawAsync(caseId);
        Assert.Equal(NetworkCaseStatus.Withdrawn, (await answering.GetAsync(caseId)).Status);
        Assert.Equal(DomainErrorCode.Conflict, (await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<INetworkCaseGrain>(caseId).Consent(NetworkCaseGrain.Digest(text), gp.Caller))).Code);
    }

    [Fact]
    public async Task Only_the_asker_and_the_networks_members_read_and_each_does_only_their_part()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Lefebvre");
        var specialist = await Clinician.RegisterAsync(Grains, "Moreau");
        var colleague = await Clinician.RegisterAsync(Grains, "Girard");
        var outsider = await Clinician.RegisterAsync(Grains, "Roux");
        var suspended = await Clinician.RegisterAsync(Grains, "Blanc");
        var network = await specialist.FoundNetworkAsync("Réseau de dermatologie", "Dermatologie", colleague, suspended);
        var service = await specialist.FoundGroupAsync("Dermatologie (service)");
        var asking = await gp.KnowledgeAsync();

        // Only a network is asked.
        var refused = await Assert.ThrowsAsync<DomainException>(() => asking.AskAsync(service, AgeBand.Child, CaseSex.Male, false, "Plaques du coude ?"));
        Assert.Equal("network", Assert.Single(refused.Errors).Field);

        var id = await asking.AskAsync(network, AgeBand.Child, CaseSex.Male, revealAsker: true, "Plaques érythémato-squameuses des coudes ?");
        var grain = Grains.GetGrain<INetworkCaseGrain>(id);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Get(outsider.Caller))).Code);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Read(1, 10, outsider.Caller))).Code);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Get(Caller.System("tests")))).Code);
        await Grains.GetGrain<IPractitionerStandingGrain>(suspended.Id.Value).Suspend(Caller.System("tests"));
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Read(1, 10, suspended.Caller))).Code); // a member, suspended
        Assert.Equal(2L, await _harness.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'networkcase.access' AND outcome = 2 AND actor = 'practitioner:{outsider.Id}'"));
        Assert.Equal(1L, await _harness.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE action = 'networkcase.access' AND outcome = 2 AND actor = 'practitioner:{suspended.Id}'"));

        // The asker chose to show their name; the members read the question.
        var view = await (await specialist.KnowledgeAsync()).GetAsync(id);
        Assert.Equal(gp.Id, view.Asker);
        Assert.Equal("Plaques érythémato-squameuses des coudes ?", (await (await colleague.KnowledgeAsync()).ReadAsync(view)).Single().Text);

        // A member answers; a member cannot propose or withdraw, the asker cannot review.
        await (await specialist.KnowledgeAsync()).PostAsync(view, "Psoriasis probable : dermocorticoïdes.");
        var proposal = new CaseProposal(1, [1, 2, 3], ["L40"], 2, new byte[32]);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Propose(proposal, specialist.Caller))).Code);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Withdraw(colleague.Caller))).Code);
        var codes = await Assert.ThrowsAsync<DomainException>(() => grain.Propose(proposal with { IcdCodes = ["D49"] }, gp.Caller));
        Assert.Contains(codes.Errors, e => e.Field == "icdCodes");
        var mine = await asking.GetAsync(id);
        Assert.Null(await asking.ProposeAsync(mine, new CasePublication("Plaques des coudes ?", "Psoriasis probable.", "Psoriasis en plaques."), ["L40"], 2));
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Approve(new("a", "b", "c"), gp.Caller))).Code);

        // A reviewer publishes exactly what was proposed.
        var changed = await Assert.ThrowsAsync<DomainException>(() => grain.Approve(new("Plaques des coudes ?", "Autre chose.", "Psoriasis en plaques."), colleague.Caller));
        Assert.Equal("publication", Assert.Single(changed.Errors).Field);

        // A member removed from the network reads nothing any more, and what is written next is under a new key.
        await Grains.GetGrain<Contracts.Groups.IGroupGrain>(network).Remove(colleague.Id, specialist.Caller);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.Read(1, 10, colleague.Caller))).Code);
        var before = (await asking.GetAsync(id)).Keys.Count;
        await (await specialist.KnowledgeAsync()).PostAsync(await (await specialist.KnowledgeAsync()).GetAsync(id), "Une biopsie si doute.");
        var after = await asking.GetAsync(id);
        Assert.Equal(before + 1, after.Keys.Count);
        Assert.Equal("Une biopsie si doute.", (await asking.ReadAsync(after))[^1].Text);
    }

    [Fact]
    public async Task A_pending_account_another_structures_admin_and_an_outsider_neither_search_nor_read_nor_list()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Lefebvre");
        var specialist = await Clinician.RegisterAsync(Grains, "Moreau");
        var pending = await Clinician.RegisterAsync(Grains, "Attente", validate: false);
        var otherAdmin = await Clinician.RegisterAsync(Grains, "Admin");
        await Grains.GetGrain<Contracts.Structures.IStructureGrain>(Guid.NewGuid())
            .Create(new Contracts.Structures.StructureInfo("Hôpital B", "750712184", "Lyon"), otherAdmin.Id, Caller.System("tests"));
        var network = await specialist.FoundNetworkAsync("Réseau de cardiologie", "Cardiologie");
        var id = await (await gp.KnowledgeAsync()).AskAsync(network, AgeBand.Adult, CaseSex.Female, false, "Palpitations ?");

        var search = Grains.GetGrain<IKnowledgeGrain>(0);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => search.Search(new KnowledgeQuery("palpitations"), pending.Caller))).Code);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => search.Open("x", pending.Caller))).Code);
        var pendingClient = await pending.KnowledgeAsync();
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => pendingClient.AskAsync(network, AgeBand.Adult, CaseSex.Male, false, "?"))).Code);
        foreach (var caller in new[] { pending.Caller, otherAdmin.Caller })
        {
            Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<INetworkCaseGrain>(id).Get(caller))).Code);
            Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IKnowledgeCaseListGrain>(network).List(caller))).Code);
            Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IKnowledgeCaseListGrain>(gp.Id.Value).List(caller))).Code);
        }

        // Their own list, and the network's for its members, answer.
        Assert.Equal([id], await Grains.GetGrain<IKnowledgeCaseListGrain>(gp.Id.Value).List(gp.Caller));
        Assert.Equal([id], await Grains.GetGrain<IKnowledgeCaseListGrain>(network).List(specialist.Caller));
    }

    [Fact]
    public async Task Nothing_of_a_question_is_readable_at_rest_before_publication()
    {
        const string canary = "canary-KB-4f1c2e9a";
        var gp = await Clinician.RegisterAsync(Grains, "Lefebvre");
        var specialist = await Clinician.RegisterAsync(Grains, "Moreau");
        var network = await specialist.FoundNetworkAsync("Réseau de cardiologie", "Cardiologie");
        var asking = await gp.KnowledgeAsync();
        var id = await asking.AskAsync(network, AgeBand.Senior, CaseSex.Male, false, $"Syncope {canary} au repos ?");
        var view = await (await specialist.KnowledgeAsync()).GetAsync(id);
        await (await specialist.KnowledgeAsync()).PostAsync(view, $"Holter {canary}.");
        var mine = await asking.GetAsync(id);
        Assert.Null(await asking.ProposeAsync(mine, new CasePublication($"Syncope {canary} ?", "Holter.", "Syncope : Holter."), ["R55"], 2));

        var dump = new StringBuilder();
        foreach (var table in await _harness.Database.RowsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        {
            foreach (var row in await _harness.Database.RowsAsync($"SELECT * FROM \"{table[0]}\""))
            {
                foreach (var value in row)
                {
                    dump.Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()).Append('\n');
                }
            }
        }

        Assert.Empty(TestDatabase.FormsFoundIn(dump.ToString(), canary));
        Assert.DoesNotContain(_elasticsearch.Received, r => r.Body.Contains(canary, StringComparison.Ordinal));
    }
}
