/**
 * Name pools for the fictional people of the demo partnership, by heritage, reflecting the mix of Cambridgeshire
 * and Peterborough (a large White British majority; Polish, Lithuanian, Latvian, Romanian and Portuguese
 * families, notably in Peterborough, Wisbech and March; Pakistani, Indian and Bangladeshi families, mostly in
 * Peterborough; African, Caribbean, Chinese, Roma and Irish Traveller families). Names are combined at random:
 * every person is fictional. Some pools carry diacritics and apostrophes on purpose (search must cope).
 */

const words = (s: string): readonly string[] => s.trim().split(/\s+/)

export type NamePool = {
  childF: readonly string[]
  childM: readonly string[]
  /** Given names of the parents' generation. */
  adultF: readonly string[]
  adultM: readonly string[]
  family: readonly string[]
}

const britishFamily = words(`
  Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts Green
  Hall Wood Jackson Clarke Harris Lewis Martin Cooper King Baker Harrison Morgan Allen James Scott Phillips Watson
  Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy
  Miller Cox Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb
  Rogers Gray Mason Hunt Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
  Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews
  Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer
  Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart
  Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid
  Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke
  Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls
  Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy
  Chambers Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe
  Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt
  Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Lynch Goodwin Barton
  Woodward Thomas Cunningham Quinn Barnett Baxter Bibby Fenwick Thurlow Gotobed Pask Savage Peckover Fenn Cracknell
`)

const british: NamePool = {
  childF: words(`
    Olivia Amelia Isla Ava Mia Poppy Lily Grace Ella Evie Sophie Freya Jessica Chloe Ruby Millie Daisy Phoebe
    Sienna Scarlett Isabelle Emily Holly Megan Lauren Keira Leah Summer Erin Imogen Harriet Maisie Lexi Libby Darcey
    Niamh Eliza Matilda Rosie Florence Willow Esme Charlotte Hannah Bethany Abigail Katie Tilly Brooke Paige Amber
    Courtney Jade Kayleigh Skye Lacey Caitlin Elsie Hollie Macy Tia-Mae Lily-Rose Alisha Demi Jasmine Molly Nevaeh
  `),
  childM: words(`
    Oliver Harry George Jack Jacob Noah Charlie Thomas Oscar William James Leo Alfie Joshua Freddie Archie Ethan
    Isaac Alexander Joseph Max Logan Lucas Mason Riley Tyler Kai Callum Kieran Connor Liam Reece Jayden Lewis Ryan
    Bradley Dylan Harvey Louie Tommy Frankie Ollie Jake Luke Sam Ben Toby Finley Caleb Theo Henry Edward Rhys Aaron
    Kyle Brandon Corey Jordan Taylor Cameron Ashton Elliot Zac Jenson Alfie-James Tommy-Lee Mackenzie Billy Jamie
  `),
  adultF: words(`
    Sarah Emma Claire Laura Gemma Kelly Nicola Lisa Donna Stacey Kerry Leanne Hayley Rebecca Victoria Amy Danielle
    Natalie Joanne Michelle Samantha Louise Jodie Kirsty Carly Charlotte Zoe Tracey Sharon Melissa Rachel Helen
    Jennifer Kate Lucy Katie Jessica Sophie Hannah Kimberley Chantelle Toni Shelley Jenna Vicky Dawn Angela Julie
  `),
  adultM: words(`
    Mark Paul Darren Lee Craig Wayne Jason Stuart Gary Carl Dean Richard Steven Christopher Matthew Andrew Jamie
    Scott Ben Neil Adam Daniel Michael Shaun Ricky Kevin Ian Tony Jonathan Ryan Luke Martin Simon David Robert Phil
    Nathan Jon Kristian Aaron Stephen Barry Karl Glen Terry Russell Dale Jamie-Lee Wesley Gavin
  `),
  family: britishFamily,
}

const irish: NamePool = {
  childF: words('Niamh Aoife Ciara Siobhan Saoirse Caoimhe Orla Róisín Clodagh Aisling Sinead Erin Bridget Mary Kathleen'),
  childM: words('Cian Seán Liam Patrick Conor Oisín Darragh Eoin Ciarán Declan Michael John Martin Padraig Tadhg'),
  adultF: words('Siobhan Mary Bernadette Margaret Aoife Deirdre Nuala Catherine Ann-Marie Geraldine Eileen Bridget'),
  adultM: words('Patrick Sean Michael Declan Brendan Kevin Martin John Thomas Gerard Eamon Francis'),
  family: words(`
    Murphy Kelly O'Brien Byrne Ryan O'Sullivan Walsh O'Connor McCarthy Doyle Gallagher O'Neill Lynch Quinn Brennan
    Fitzgerald Keane Moran Kavanagh Nolan Maguire Dunne Flanagan O'Donnell Duffy
  `),
}

const traveller: NamePool = {
  childF: words('Bridget Mary Kathleen Margaret Nora Ellen Winnie Chelsea Tiffany Shannon Kitty Johanna Ann-Marie'),
  childM: words('Patrick Martin John Michael Tom Jimmy Francie Joe Paddy Christy Willie Edward Mikey'),
  adultF: words('Bridget Mary Kathleen Margaret Nora Ellen Winnie Ann Josie Teresa'),
  adultM: words('Patrick Martin John Michael Tom Jimmy Francie Joe Christy Willie'),
  family: words('McDonagh Ward Connors Joyce Maughan Doherty Quilligan Collins Stokes McGinley Cash Mongan Delaney Boswell Lee Smith Price Loveridge'),
}

const easternEuropean: NamePool = {
  childF: words(`
    Zofia Julia Maja Zuzanna Oliwia Lena Hanna Aleksandra Natalia Wiktoria Gabriela Amelia Emilija Ugnė Gabija
    Kamilė Austėja Elīza Sofija Anastasija Ioana Andreea Maria Bianca Daria Alexandra Beatriz Inês Leonor Matilde
    Kristýna Tereza Veronika Laura
  `),
  childM: words(`
    Jakub Kacper Szymon Filip Mikołaj Antoni Wojciech Dawid Mateusz Bartosz Lukas Matas Dominykas Kajus Jonas Rokas
    Markuss Artūrs Ivan Andrei Alexandru Ionuț Darius Ștefan Tiago João Rodrigo Martim Tomáš Ondřej Adam
  `),
  adultF: words(`
    Agnieszka Katarzyna Joanna Monika Anna Magdalena Ewa Justyna Rasa Jurgita Inga Ilze Kristīne Elena Mihaela
    Nicoleta Ana Sónia Cláudia Petra Lucie
  `),
  adultM: words(`
    Tomasz Piotr Krzysztof Paweł Marcin Łukasz Michał Darius Mindaugas Tomas Jānis Andris Ion Gheorghe Florin
    Vasile Nuno Paulo Ricardo Martin Petr
  `),
  family: words(`
    Nowak Wójcik Kowalczyk Mazur Krawczyk Zając Król Wróbel Dudek Pawlak Michalak Sikora Baran Kaczmarek Szewczyk
    Jankowski Lis Popescu Ionescu Constantin Stan Dumitru Munteanu Rusu Silva Santos Ferreira Pereira Costa
    Oliveira Rodrigues Novák Dvořák Petrauskas Vasiliauskas Ozoliņš Kalniņš Ivanov Petrov
  `),
}

const roma: NamePool = {
  childF: words('Denisa Sabina Vanesa Nikoleta Kristína Simona Paula Andrea Klaudia Dominika Romana Renata'),
  childM: words('Denis Patrik Marek Roman Samuel Nikolas Dávid Erik Marcel Radoslav Lukáš Kevin'),
  adultF: words('Renáta Jana Monika Mária Helena Zuzana Eva Silvia Miroslava Alžbeta'),
  adultM: words('Roman Jozef Ladislav Milan Pavol Štefan Marián Jaroslav František Vladimír'),
  family: words('Horváth Lakatos Balog Oláh Gaži Pompa Kotlár Bandy Sivák Červeňák Mižigár Giňa Rigo Dudi'),
}

const pakistani: NamePool = {
  childF: words('Aisha Zainab Maryam Hafsa Khadija Inaya Amna Eman Hania Sana Noor Iqra Anaya Safa Aleena Zara Haleema Mahnoor'),
  childM: words('Muhammad Ibrahim Yusuf Ayaan Hamza Zayn Bilal Hassan Rayyan Usman Zain Haris Ali Adam Musa Umar Ismail Idris'),
  adultF: words('Nasreen Shazia Rubina Samina Farzana Nadia Saima Ambreen Tahira Kiran Asma Rizwana'),
  adultM: words('Mohammed Tariq Imran Zahid Shahid Asif Khalid Naveed Sajid Waqar Nadeem Kamran'),
  family: words('Khan Hussain Ahmed Ali Iqbal Mahmood Akhtar Shah Rashid Aslam Butt Javed Rehman Sadiq Zaman Malik Nawaz Riaz Anwar Bashir Hanif'),
}

const indian: NamePool = {
  childF: words('Priya Ananya Diya Ishani Saanvi Simran Harleen Jasleen Kavya Riya Aanya Navya Mehak Tanvi Anika'),
  childM: words('Arjun Rohan Aarav Vihaan Jaskaran Dev Krish Nikhil Aryan Ishaan Manveer Sahil Kabir Reyansh'),
  adultF: words('Sunita Parminder Rajinder Manjit Neelam Pooja Anjali Kamaljit Shilpa Harpreet Meena'),
  adultM: words('Rajesh Sanjay Harjit Gurpreet Sukhdev Amit Vijay Jaswinder Ravinder Manoj Deepak'),
  family: words('Patel Sharma Singh Gill Sandhu Dhillon Mistry Parmar Chauhan Kumar Joshi Mehta Bains Sidhu Grewal Solanki Chahal'),
}

const bangladeshi: NamePool = {
  childF: words('Fatima Tasnim Sumaiya Nusrat Ruqayyah Afia Tahmina Jannat Sadia Mariam Lamia'),
  childM: words('Rahim Abdul Tanvir Rafiq Imran Ayaz Sami Rayhan Nabil Fahim Shahin'),
  adultF: words('Ruksana Shirin Nazma Rehana Shapla Momtaz Jahanara Salma'),
  adultM: words('Abdul Shahid Jamal Anwar Mizanur Habibur Kamal Shafiq'),
  family: words('Miah Uddin Rahman Islam Chowdhury Hoque Ahmed Ali Hossain Karim Siddique'),
}

const otherAsian: NamePool = {
  childF: words('Tharushi Nimali Hasini Sahar Parisa Maryam Mahsa Asmita Sunita Yasmin Anisa'),
  childM: words('Roshan Kasun Ahmad Farid Omid Bashir Suman Bikash Nuwan Hamid Arash'),
  adultF: words('Nimali Shanthi Malalai Farida Gita Kamala Roya Laila'),
  adultM: words('Ruwan Saman Abdullah Mohammad Rajendra Prakash Ali Javid'),
  family: words('Perera Fernando Jayasuriya Silva Karimi Ahmadi Sultani Gurung Rai Thapa Tamang Hosseini Rahimi Popal'),
}

const african: NamePool = {
  childF: words(`
    Adaeze Chiamaka Blessing Precious Tendai Nyasha Amara Ifeoma Esi Abena Ama Hodan Fartun Ruth Favour Miracle
    Deborah Comfort Tiwa Ayomide Chidinma Ruvimbo
  `),
  childM: words(`
    Chinedu Emeka Tobi Oluwaseun Kwame Kofi Tinashe Tatenda Abdirahman Mohamed Samuel David Daniel Emmanuel Joshua
    Ayodeji Kelechi Nathaniel Tafadzwa Abdullahi Victor Elijah
  `),
  adultF: words('Ngozi Funmilayo Grace Chipo Patience Akosua Yetunde Faith Sahra Joy Florence Blessing'),
  adultM: words('Oluwafemi Chukwuemeka Kwabena Tendai Farai Abdi Adebayo Godfrey Peter Ebenezer Kennedy Ahmed'),
  family: words(`
    Okafor Adeyemi Okonkwo Mensah Owusu Boateng Asante Nwosu Eze Olawale Moyo Ncube Sibanda Chikwanha Mohamed Abdi
    Warsame Hassan Osei Adebayo Oyelaran Mutasa Gumbo Nkemelu Yusuf Achieng Otieno
  `),
}

const caribbean: NamePool = {
  childF: words('Shanice Tia Jada Aaliyah Keisha Tanisha Kiara Nia Imani Zion Renee Amani Chantelle Jazmine'),
  childM: words('Tyrese Jermaine Kai Malachi Reuben Isaiah Marcus Andre Devon Kyrie Nathaniel Jaheim Leon Rico'),
  adultF: words('Marcia Sonia Beverley Jacqueline Paulette Sandra Yvonne Janice Cheryl Denise'),
  adultM: words('Delroy Winston Trevor Clive Leroy Errol Lloyd Desmond Courtney Everton'),
  family: words('Campbell Brown Williams Francis Thompson Grant Clarke Reid Gordon Morgan Samuels Bailey Richards Bryan Henry McKenzie'),
}

const chinese: NamePool = {
  childF: words('Mei Xinyi Yuting Jia Wing Hannah Grace Zoe Ling Ying Jasmine Ruoxi'),
  childM: words('Hao Jun Wei Zihan Ethan Ryan Kevin Hoi Yiming Junjie Tony Jason'),
  adultF: words('Lina Xiaoling Yan Meiling Fang Hui Wing-Yee Xiu Ying'),
  adultM: words('Wei Jian Ming Chun-Kit Kwok-Wai Hong Tao Gang'),
  family: words('Chen Wang Li Zhang Liu Wong Chan Lau Cheung Lam Ng Ho Yang Zhou'),
}

const otherEthnic: NamePool = {
  childF: words('Layla Rania Shirin Dilan Yasmin Leila Noor Hevi Elif Zeynep Maria Angelica'),
  childM: words('Omar Karwan Ahmed Yousef Kareem Emre Rebin Ali Yusuf Mustafa Miguel Joshua'),
  adultF: words('Nasrin Huda Fatma Layla Samira Rosa Marisol Gulistan'),
  adultM: words('Hussein Karzan Mahmoud Khalil Mehmet Serkan Ramon Azad'),
  family: words('Aziz Saleh Mustafa Hamad Yilmaz Kaya Demir Santos Reyes Bautista Rashid Abdullah Rasul Barzani'),
}

export const NAME_POOLS = {
  british,
  irish,
  traveller,
  easternEuropean,
  roma,
  pakistani,
  indian,
  bangladeshi,
  otherAsian,
  african,
  caribbean,
  chinese,
  otherEthnic,
} as const
export type Heritage = keyof typeof NAME_POOLS
