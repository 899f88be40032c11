using Portal.Api;

namespace Portal.Pages.Referrals;

public sealed class ConsentForm
{
    public string? GivenBy { get; set; }
    public string? Method { get; set; }
    public bool ShareWithProvider { get; set; }
    public bool ShareOutcomesWithReferrer { get; set; }
    public bool ContactBySms { get; set; }
    public bool ContactByEmail { get; set; }

    public void Validate(PortalPage page)
    {
        if (string.IsNullOrWhiteSpace(GivenBy)) page.AddError("consent.givenBy", "Select who gave consent");
        if (string.IsNullOrWhiteSpace(Method)) page.AddError("consent.method", "Select how consent was given");
        if (!ShareWithProvider)
            page.AddError("consent.shareWithProvider", "The group needs their agreement to see their details: without it they cannot be referred");
    }

    public ConsentRecord ToRecord(DateTimeOffset at) =>
        new(GivenBy!, Method!, at, ShareWithProvider, ShareOutcomesWithReferrer, ContactBySms, ContactByEmail);
}
