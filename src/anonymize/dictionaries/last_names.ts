/**
 * Common family names from many languages, used to replace last names and to recognise columns
 * of person names. Plain and frequent on purpose: no name here points to anyone.
 * @module
 */

/** Family names (ASCII spelling). */
export const LAST_NAMES: readonly string[] = `
  Abbott Adams Ahmed Alvarez Andersen Anderson Bailey Baker Barnes Bauer Becker Bell Bennett Berg
  Bernard Bianchi Blanco Brooks Brown Bruno Campbell Carter Castillo Castro Chen Clark Collins Conti
  Cook Cooper Costa Cruz Dahl Davies Davis Diaz Dubois Duarte Edwards Eriksson Evans Fernandez Ferrari
  Ferreira Fischer Fisher Flores Fontaine Foster Fournier Fox Garcia Gomez Gonzalez Gray Green Gruber
  Gupta Hall Hansen Harris Hartmann Hayes Hernandez Hill Hoffmann Holm Hughes Ibrahim Ito Ivanov
  Jackson Jansen Jensen Jimenez Johansson Johnson Jones Kato Keller Kelly Khan Kim King Klein Koch
  Kowalski Kraus Kumar Lambert Lang Larsen Laurent Lee Lehmann Leroy Lewis Li Lim Lindberg Liu
  Lombardi Lopez Lund Maier Marchetti Marin Marino Martin Martinez Meyer Miller Mitchell Molina Moore
  Morales Moreau Moreno Morgan Morris Muller Murphy Nakamura Navarro Nelson Neumann Nguyen Nielsen
  Novak Nowak Olsen Olson Ortiz Owen Park Parker Patel Pavlov Perez Peters Petit Petrov Phillips
  Popescu Price Quinn Ramirez Ramos Reed Reyes Ricci Richard Richter Rivera Roberts Robinson Rodriguez
  Romano Rossi Roux Ruiz Russo Sanchez Santos Sato Schmidt Schneider Schulz Schwarz Scott Shah Silva
  Simon Singh Smith Sousa Stewart Suarez Suzuki Svensson Takahashi Tanaka Taylor Thomas Thompson
  Torres Turner Vargas Vasquez Vega Vogel Wagner Walker Wang Ward Watanabe Weber White Williams Wilson
  Wolf Wong Wood Wright Wu Yamamoto Yang Young Zhang Zhao Zimmermann Aguilar Baptiste Barros Bergstrom
  Bjork Brandt Caruso Cohen Colombo Dalton Delgado Dumont Engel Esposito Farah Ferro Franke Galli
  Garnier Girard Graf Haas Hakimi Hayashi Horvat Huber Jovanovic Kaplan Kaya Kovacs Kruger Lacroix
  Leclerc Lindqvist Lorenz Magnusson Mancini Mendes Mercier Molnar Moretti Nagy Ng Nunez Ozturk
  Pereira Pinto Quintero Rahman Reis Rocha Rojas Saito Salazar Sandoval Schroeder Serrano Sokolov Soto
  Stein Szabo Tran Vidal Villa Wallace Yilmaz Zamora Zeller Ziegler
`.trim().split(/\s+/);
