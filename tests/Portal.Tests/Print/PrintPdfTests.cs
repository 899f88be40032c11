using Portal.Print;

namespace Portal.Tests.Print;

/// <summary>The PDF is real, readable text in large type, on one page where it fits.</summary>
public sealed class PrintPdfTests
{
    [Fact]
    public void A_prescription_is_one_page_of_real_text()
    {
        var listing = PrintSamples.Listing();
        var sheet = PrintSheet.Prescription(PrintSamples.Referral(listing), listing, PrintSamples.Monday, "https://portal.example.org/services/1");

        var pdf = PrintPdf.Render(sheet, "Social prescription");

        Assert.Equal(1, PdfText.PageCount(pdf));
        var text = PdfText.ExtractFlat(pdf);
        Assert.Contains("Your social prescription", text);
        Assert.Contains("For: Agnieszka", text);
        Assert.Contains("Polish Tuesday Club", text);
        Assert.Contains("Tuesdays, 10am to noon", text);
        Assert.Contains("£2.50 (Includes tea and cake)", text);
        Assert.Contains("Phone: 023 9200 0000", text);
        Assert.Contains("Find out more: portal.example.org/services/1", text);
        Assert.DoesNotContain("Kowalczyk", text);
    }

    [Fact]
    public void Text_beyond_windows_1252_is_real_text_too()
    {
        var listing = PrintSamples.Listing("Klub dyskusyjny: Łódź, Gdańsk i Kraków");

        var text = PdfText.ExtractFlat(PrintPdf.Render(PrintSheet.Leaflet(listing, PrintSamples.Monday, "https://portal.example.org/services/1"), "Leaflet"));

        Assert.Contains("Klub dyskusyjny: Łódź, Gdańsk i Kraków", text);
        Assert.Contains("Tuesdays, 10am to noon", text);
    }

    [Fact]
    public void A_long_shortlist_goes_on_to_more_pages_rather_than_into_small_type()
    {
        var long_ = string.Join(" ", Enumerable.Repeat("A friendly group that meets every week for company, games and a cup of tea.", 4));
        var listings = Enumerable.Range(1, 6).Select(i => PrintSamples.Listing($"Activity number {i}", long_)).ToList();

        var pdf = PrintPdf.Render(PrintSheet.Shortlist(listings, "Dr Gita Patel", PrintSamples.Monday), "Activities you could try");

        Assert.True(PdfText.PageCount(pdf) > 1);
        var text = PdfText.ExtractFlat(pdf);
        foreach (var i in Enumerable.Range(1, 6)) Assert.Contains($"Activity number {i}", text);
    }

    [Fact]
    public void A_web_address_wider_than_the_page_is_broken_not_lost()
    {
        var address = "example.org/" + new string('x', 120);
        var listing = PrintSamples.Listing() with { Url = "https://" + address };

        var lines = PdfText.Extract(PrintPdf.Render(PrintSheet.Leaflet(listing, PrintSamples.Monday, "https://p.example.org/s/1"), "Leaflet"));

        Assert.Contains(address, lines.Replace("\n", ""));
        Assert.DoesNotContain(address, lines);
    }
}
