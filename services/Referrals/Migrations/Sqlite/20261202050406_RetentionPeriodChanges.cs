using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralsService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RetentionPeriodChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "retention_period_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    days = table.Column<int>(type: "INTEGER", nullable: false),
                    previous_days = table.Column<int>(type: "INTEGER", nullable: false),
                    changed_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    changed_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_retention_period_changes", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "retention_period_changes");
        }
    }
}
