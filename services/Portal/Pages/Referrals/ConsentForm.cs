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
    /// <summary>Letters to the address of their contact route; offered only when the route has one (<see cref="PersonForm.HasPostalAddress"/>).</summary>
    public bool ContactByPost { get; set; }

    /// <param name="aboutSelf">A resident asking to join for themselves: told what to tick, not about a third person's agreement.</param>
    public void Validate(PortalPage page, bool aboutSelf = false)
    {
        if (string.IsNullOrWhiteSpace(GivenBy)) page.AddError("consent.givenBy", "Select who gave consent");
        if (string.IsNullOrWhiteSpace(Method)) page.AddError("consent.method", "Select how consent was given");
        if (!ShareWithProvider)
            page.AddError("consent.shareWithProvider", aboutSelf
                ? PortalText.Get("SelfRefer.AgreeToShare")
                : "The group needs their agreement to see their details: without it they cannot be referred");
    }

    /// <summary>The consent as the Referrals API takes it; letters only where the person has an address to write to.</summary>
    public ConsentRecord ToRecord(DateTimeOffset at, bool hasPostalAddress = false) =>
        new(GivenBy!, Method!, at, ShareWithProvider, ShareOutcomesWithReferrer, ContactBySms, ContactByEmail, ContactByPost && hasPostalAddress);
}
