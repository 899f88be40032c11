using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWardIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "insight_ward_centres",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    latitude = table.Column<double>(type: "REAL", nullable: false),
                    longitude = table.Column<double>(type: "REAL", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_ward_centres", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "insight_ward_indicators",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    population = table.Column<int>(type: "INTEGER", nullable: false),
                    risk_index = table.Column<double>(type: "REAL", nullable: false),
                    living_alone75 = table.Column<int>(type: "INTEGER", nullable: true),
                    figures = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    uploaded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_ward_indicators", x => x.code);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "insight_ward_centres");

            migrationBuilder.DropTable(
                name: "insight_ward_indicators");
        }
    }
}
