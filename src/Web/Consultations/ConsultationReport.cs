using System.Globalization;
using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;

namespace Collab.Web.Consultations;

/// <summary>The PDF report of a consultation, to file in the patient's record: made on demand, never stored.</summary>
public static class ConsultationReport
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static byte[] Render(OpenConsultation consultation, IReadOnlyList<OpenItem> items, IReadOnlyDictionary<PractitionerId, string> names, string? groupName, DateTimeOffset now)
    {
        var v = consultation.View;
        string Name(PractitionerId? id) => id is { } p ? names.GetValueOrDefault(p, p.ToString()) : "—";
        string When(DateTimeOffset at) => UiCulture.Local(at).ToString("dd/MM/yyyy HH:mm", French);

        var pdf = new PdfDocumentWriter();
        pdf.Heading("Compte rendu de téléexpertise", 18);
        pdf.Paragraph($"Référence {v.Id} — édité le {When(now)}", 9);

        pdf.Heading("Patient");
        var patient = consultation.Patient;
        pdf.Field("Nom", $"{patient.LastName.ToUpper(French)} {patient.FirstName}");
        pdf.Field("Né(e) le", patient.BirthDate.ToString("dd/MM/yyyy", French));
        pdf.Field("Sexe", patient.Sex switch { PatientSex.Female => "féminin", PatientSex.Male => "masculin", _ => "autre / non précisé" });
        pdf.Field("NIR", patient.Nir ?? "non renseigné");

        pdf.Heading("Participants");
        pdf.Field("Requérant", Name(v.Requester));
        pdf.Field("Requis", v.RequiredGroup is not null ? $"{groupName ?? "groupe"} (groupe)" : Name(v.RequiredPractitioner));
        if (v.AcceptedBy is { } accepter)
        {
            pdf.Field("Pris en charge par", Name(accepter));
        }

        pdf.Heading("Question");
        pdf.Paragraph(consultation.Question);
        pdf.Heading("Contexte clinique");
        pdf.Paragraph(consultation.Description);

        pdf.Heading("Avis");
        pdf.Paragraph(consultation.Opinion ?? "Pas encore d'avis.");
        pdf.Field("Code acte", v.ActCode ?? "—");
        pdf.Field("Facturation", v.Billing switch { BillingStatus.ToBill => "à facturer", BillingStatus.Billed => "facturé", _ => "sans objet" });

        pdf.Heading("Chronologie");
        foreach (var (status, at) in v.Timeline.OrderBy(t => t.Value))
        {
            pdf.Paragraph($"{When(at)} — {StatusLabel(status)}");
        }

        if (consultation.Reason is { } reason)
        {
            pdf.Field("Motif", reason);
        }

        var messages = items.Where(i => i.Body is not null).ToList();
        if (messages.Count > 0)
        {
            pdf.Heading("Échanges");
            foreach (var item in messages)
            {
                var body = item.Body!;
                pdf.Paragraph($"{When(item.PostedAt)} — {Name(item.Author)}", 9, bold: true);
                pdf.Paragraph(body.Kind == ItemBody.FileKind ? $"[fichier joint : {body.Name}]" : body.Text ?? "", 10, indent: 12);
            }
        }

        return pdf.ToArray();
    }

    public static string StatusLabel(ConsultationStatus status) => status switch
    {
        ConsultationStatus.Draft => "brouillon",
        ConsultationStatus.Requested => "demandée",
        ConsultationStatus.Accepted => "acceptée",
        ConsultationStatus.Answered => "avis rendu",
        ConsultationStatus.Closed => "clôturée",
        ConsultationStatus.Declined => "refusée",
        _ => "annulée",
    };
}
